package org.isstudio.remote.sizing;

import org.isstudio.engine.load.HfConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelSizerTest {

    private static final long GB = 1L << 30;
    private static final Machine LAPTOP = new Machine(16 * GB, 8 * GB, 4, 10);
    private static final HfConfig GPT2 = HfConfig.parse(Path.of("gpt2/config.json"), "{\"model_type\":\"gpt2\"}");
    private static final HfConfig PYTHIA_12B = HfConfig.parse(Path.of("pythia-12b/config.json"), """
            {"model_type":"gpt_neox","vocab_size":50688,"hidden_size":5120,"num_hidden_layers":36,
             "num_attention_heads":40,"intermediate_size":20480,"torch_dtype":"float16"}""");

    @Test
    void memoryIsWeightsPlusWorkspace() {
        SizeEstimate e = new ModelSizer(LAPTOP, 100 * GB).estimate(GPT2, -1, "float32", 0).orElseThrow();
        assertEquals(124_439_808L * 4, e.weightBytes());
        // weights + KV cache (2 x 12 x 2048 x 768 x 4) + activations (2048 x 3072 x 4 x 3) + logits (512 x 50257 x 4) + 400 MB
        assertEquals(497_759_232L + 150_994_944L + 75_497_472L + 102_926_336L + 419_430_400L, e.memoryBytes());
        assertEquals(SizeEstimate.Fit.LOCAL, e.fit());
        // (2 x 85,056,000 + 0.25 x 2 x 768 x 50257) flops per token at 10 GFLOP/s
        assertEquals(18.941, e.secondsPer1kTokens(), 1e-3);
    }

    @Test
    void saysWhatDoesNotFitAndWhy() {
        SizeEstimate big = new ModelSizer(LAPTOP, 100 * GB).estimate(PYTHIA_12B, -1, "", 0).orElseThrow();
        assertEquals(11_846_072_320L * 2, big.weightBytes(), "the config's torch_dtype when the catalog says nothing");
        assertEquals(SizeEstimate.Fit.SERVER, big.fit());
        assertTrue(big.reason().endsWith("this machine has 16.0 GB"), big.reason());
        assertTrue(!big.runsLocally());

        Machine busy = new Machine(16 * GB, GB / 2, 4, 10);
        assertEquals(SizeEstimate.Fit.TIGHT, new ModelSizer(busy, 100 * GB).estimate(GPT2, -1, "float32", 0).orElseThrow().fit());
        SizeEstimate noDisk = new ModelSizer(LAPTOP, GB / 4).estimate(GPT2, -1, "float32", GB / 2).orElseThrow();
        assertEquals(SizeEstimate.Fit.NO_DISK, noDisk.fit());
        assertEquals("the download (512 MB) is larger than the free disk space (256 MB)", noDisk.reason());
    }

    @Test
    void theMeasuredRateIsPositive() {
        assertTrue(Machine.measureGflops() > 0);
    }
}
