package org.isstudio.engine;

import org.isstudio.testing.Golden;
import org.junit.jupiter.api.Test;

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
    void progressCountsComputedTokensUpToTheDistinctTotal() throws Exception {
        try (CausalLm lm = CausalLm.open(Golden.modelDir("gpt2-tiny"))) {
            // 31 x 100 tokens: at least three batches of at most BATCH_ROWS (1024) rows
            List<ScoreRequest> requests = manyRequests(31, 100);
            List<long[]> updates = new ArrayList<>();
            lm.score(requests, Cancellation.NONE, (done, total) -> updates.add(new long[] {done, total}));
            assertTrue(updates.size() >= 3, "one update per batch of at most " + CausalLm.BATCH_ROWS + " rows");
            for (int i = 1; i < updates.size(); i++) assertTrue(updates.get(i)[0] > updates.get(i - 1)[0]);
            long[] last = updates.getLast();
            assertEquals(last[1], last[0]);
            assertTrue(last[1] <= 3100 && last[1] > 3000, "distinct tokens " + last[1]);
        }
    }

    @Test
    void cancellationStopsBetweenBatches() throws Exception {
        try (CausalLm lm = CausalLm.open(Golden.modelDir("gpt2-tiny"))) {
            AtomicInteger batches = new AtomicInteger();
            Cancellation afterOne = () -> batches.get() >= 1;
            assertThrows(CancellationException.class,
                    () -> lm.score(manyRequests(12, 100), afterOne, (done, total) -> batches.incrementAndGet()));
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
