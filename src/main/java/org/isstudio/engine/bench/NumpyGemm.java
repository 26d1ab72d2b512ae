package org.isstudio.engine.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

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
        Process p = new ProcessBuilder(python, "-c", script).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(python + " did not finish the numpy timing within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while timing numpy", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0) throw new IOException(python + " could not time numpy (exit " + p.exitValue() + "): " + output);
        try {
            return Double.parseDouble(output.lines().reduce((a, b) -> b).orElse(""));
        } catch (NumberFormatException e) {
            throw new IOException(python + " printed no GFLOP/s figure: " + output);
        }
    }
}
