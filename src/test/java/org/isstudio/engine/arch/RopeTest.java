package org.isstudio.engine.arch;

import org.isstudio.engine.kernel.RopeStyle;
import org.isstudio.engine.load.CheckpointFormatException;
import org.isstudio.engine.load.HfConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rotary frequencies against transformers' formulas (values computed with numpy in float32). */
class RopeTest {

    private static HfConfig llama(String ropeScaling) {
        return HfConfig.parse(Path.of("config.json"), """
                {"model_type": "llama", "hidden_size": 64, "num_attention_heads": 4, "num_hidden_layers": 1,
                 "intermediate_size": 8, "vocab_size": 10, "rope_theta": 500000.0, "rope_scaling": %s}"""
                .formatted(ropeScaling));
    }

    @Test
    void plainFrequenciesAreThetaToTheMinusTwoIOverD() {
        float[] inv = Rope.fromConfig(llama("null"), RopeStyle.HALF).inverseFrequencies();
        assertArrayEquals(new float[] {1.0f, 0.193922758102417f, 0.03760603070259094f, 0.00729266507551074f,
                0.001414213445968926f, 0.00027424818836152554f, 5.318296462064609e-05f, 1.0313385246263351e-05f}, inv, 1e-9f);
    }

    @Test
    void llama3ScalingKeepsShortWavelengthsSlowsLongOnesAndRampsBetween() {
        float[] inv = Rope.fromConfig(llama("""
                {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                 "original_max_position_embeddings": 64}"""), RopeStyle.HALF).inverseFrequencies();
        assertArrayEquals(new float[] {1.0f, 0.07940302044153214f, 0.004700753837823868f, 0.0009115831344388425f,
                0.00017677668074611574f, 3.428102354519069e-05f, 6.647870577580761e-06f, 1.289173155782919e-06f}, inv, 1e-9f);
    }

    @Test
    void linearScalingDividesEveryFrequency() {
        float[] inv = Rope.fromConfig(llama("{\"type\": \"linear\", \"factor\": 4.0}"), RopeStyle.HALF).inverseFrequencies();
        assertEquals(0.25f, inv[0], 0f);
        assertEquals(0.193922758102417f / 4, inv[1], 1e-9f);
    }

    @Test
    void unsupportedScalingIsAClearError() {
        var e = assertThrows(CheckpointFormatException.class,
                () -> Rope.fromConfig(llama("{\"type\": \"yarn\", \"factor\": 4.0}"), RopeStyle.HALF));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("yarn"), e.getMessage());
    }

    @Test
    void tableHoldsCosineAndSineOfPositionTimesFrequency() {
        Rope rope = Rope.fromConfig(llama("null"), RopeStyle.HALF);
        float[][] t = rope.table(300);
        float angle = 299 * rope.inverseFrequencies()[1];
        assertEquals(Math.cos(angle), t[0][299 * 8 + 1], 1e-7);
        assertEquals(Math.sin(angle), t[1][299 * 8 + 1], 1e-7);
    }
}
