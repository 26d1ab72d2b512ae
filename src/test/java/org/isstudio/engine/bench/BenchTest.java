package org.isstudio.engine.bench;

import org.isstudio.engine.kernel.Kernels;
import org.isstudio.engine.kernel.Parallel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench's plumbing on a tiny model (the figures themselves are for the command, not for tests). */
class BenchTest {

    @Test
    void reportsEveryFigureTheIssueAsksForWithItsBaselines() throws Exception {
        try (Parallel parallel = new Parallel(2)) {
            var options = new Bench.Options(new RandomGpt2(2, 2, 16, 512, 300), 256, 2, 0, null, null, 1);
            Map<String, Object> r = new Bench(parallel, Kernels.best(parallel), m -> { }).run(options);
            for (String key : List.of("matmul_gflops", "matmul_gflops_scalar", "tokens_per_s_64", "tokens_per_s_256",
                    "task_examples_per_s", "task_examples_per_s_no_sharing", "task_examples_per_s_naive",
                    "prefix_sharing_speedup", "task_speedup_vs_naive")) {
                assertTrue(r.get(key) instanceof Double d && d > 0, key + " = " + r.get(key));
            }
            assertEquals(2, r.get("threads"));
        }
    }
}
