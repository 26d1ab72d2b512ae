package org.isstudio.engine.bench;

import java.io.IOException;
import java.util.List;

/**
 * numpy's single-precision GEMM (OpenBLAS on most installs) timed on a given shape by a Python the user names:
 * the reference the issue sets the engine's matrix multiply against, measured in the same run.
 */
final class NumpyGemm {

    private NumpyGemm() {
    }

    /** GFLOP/s of {@code A[m×k] @ B[k×n]} in float32, the fastest of repeated runs over {@code minSeconds}. */
    static double gflops(String python, int m, int k, int n, double minSeconds) throws IOException {
        String script = """
                import time, numpy as np
                a = np.random.rand(%d, %d).astype(np.float32); b = np.random.rand(%d, %d).astype(np.float32)
                a @ b
                best = 1e9; start = time.perf_counter()
                while True:
                    t0 = time.perf_counter(); a @ b; best = min(best, time.perf_counter() - t0)
                    if time.perf_counter() - start > %f: break
                print(2.0 * %d * %d * %d / best / 1e9)
                """.formatted(m, k, k, n, Math.max(minSeconds, 0.2), m, k, n);
        PythonRun run = PythonRun.of(python, script, List.of(), 120, "numpy's GEMM");
        if (run.exit() != 0) throw new IOException(python + " could not time numpy (exit " + run.exit() + "): " + run.output());
        try {
            return Double.parseDouble(run.lastLine());
        } catch (NumberFormatException e) {
            throw new IOException(python + " printed no GFLOP/s figure: " + run.output());
        }
    }
}
