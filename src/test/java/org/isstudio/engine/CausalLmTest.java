package org.isstudio.engine;

import org.isstudio.engine.load.HfConfig;

import org.isstudio.testing.Golden;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scoring API's contract besides the numbers: limits, cancellation and progress. */
class CausalLmTest {

    /** Enough distinct sequences that the tree is run in several batches. */
    private static List<ScoreRequest> manyRequests(int count, int length) {
        List<ScoreRequest> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] ids = new int[length];
            for (int j = 0; j < length; j++) ids[j] = (i * 7919 + j * 104729) % 50000;
            out.add(new ScoreRequest(ids, 1));
        }
        return out;
    }

    @Test
    void sequencesLongerThanTheLearnedPositionTableAreRefusedNotTruncated() throws Exception {
        try (CausalLm lm = CausalLm.open(Golden.modelDir("gpt2-tiny"))) {
            assertEquals(256, lm.maxPositions());
            var e = assertThrows(IllegalArgumentException.class,
                    () -> lm.score(manyRequests(1, 257), Cancellation.NONE, Progress.NONE));
            assertTrue(e.getMessage().contains("257") && e.getMessage().contains("256"), e.getMessage());
        }
    }

    @Test
    void rotaryModelsHaveNoPositionLimit() throws Exception {
        try (CausalLm lm = CausalLm.open(Golden.modelDir("llama-tiny"))) {
            assertEquals(Integer.MAX_VALUE, lm.maxPositions());
        }
    }

    @Test
    void largerModelsTakeFewerRowsPerPassDownToAFloor() {
        // GPT-2 small, medium and XL shapes: 2,048 rows, about 2,048 x 124M / 353M, then the floor
        assertEquals(2048, CausalLm.batchRows(gpt2(768, 12)));
        int medium = CausalLm.batchRows(gpt2(1024, 24));
        assertTrue(medium > 700 && medium < 740, "GPT-2 medium: " + medium);
        assertEquals(CausalLm.MIN_BATCH_ROWS, CausalLm.batchRows(gpt2(1600, 48)));
    }

    private static HfConfig gpt2(int hidden, int layers) {
        return HfConfig.parse(Path.of("config.json"), """
                {"model_type": "gpt2", "n_embd": %d, "n_layer": %d, "n_head": 16, "vocab_size": 50257,
                 "n_positions": 1024, "layer_norm_epsilon": 1e-5}""".formatted(hidden, layers));
    }

    @Test
    void progressCountsComputedTokensUpToTheDistinctTotal() throws Exception {
        try (CausalLm lm = CausalLm.open(Golden.modelDir("gpt2-tiny"))) {
            // 61 x 100 tokens: at least three batches of at most 2,048 rows (a tiny model takes the most)
            assertEquals(CausalLm.BATCH_ROWS, lm.batchRows());
            List<ScoreRequest> requests = manyRequests(61, 100);
            List<long[]> updates = new ArrayList<>();
            lm.score(requests, Cancellation.NONE, (done, total) -> updates.add(new long[] {done, total}));
            assertTrue(updates.size() >= 3, "one update per batch of at most " + lm.batchRows() + " rows");
            for (int i = 1; i < updates.size(); i++) assertTrue(updates.get(i)[0] > updates.get(i - 1)[0]);
            long[] last = updates.getLast();
            assertEquals(last[1], last[0]);
            assertTrue(last[1] <= 6100 && last[1] > 6000, "distinct tokens " + last[1]);
        }
    }

    @Test
    void cancellationStopsBetweenBatches() throws Exception {
        try (CausalLm lm = CausalLm.open(Golden.modelDir("gpt2-tiny"))) {
            AtomicInteger batches = new AtomicInteger();
            Cancellation afterOne = () -> batches.get() >= 1;
            // 30 x 100 tokens: two batches or more, whatever the model's rows per pass
            assertThrows(CancellationException.class,
                    () -> lm.score(manyRequests(30, 100), afterOne, (done, total) -> batches.incrementAndGet()));
            assertEquals(1, batches.get());
        }
    }

    @Test
    void tokensOutsideTheVocabularyAreAClearError() throws Exception {
        try (CausalLm lm = CausalLm.open(Golden.modelDir("gpt2-tiny"))) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> lm.score(List.of(new ScoreRequest(new int[] {1, 50257}, 1)), Cancellation.NONE, Progress.NONE));
            assertTrue(e.getMessage().contains("50257"), e.getMessage());
        }
    }
}
