package org.isstudio.remote.sizing;

import org.isstudio.engine.kernel.Kernels;
import org.isstudio.engine.kernel.Matrix;
import org.isstudio.engine.kernel.Parallel;
import org.isstudio.engine.load.DType;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What this computer offers a model: memory, cores and a measured arithmetic rate.
 *
 * @param physicalBytes  installed memory
 * @param availableBytes memory the system could hand out now without swapping (Linux MemAvailable)
 * @param gflops         the engine's matrix-multiply rate over all cores, in GFLOP/s, as measured by
 *                       {@link #measureGflops()}
 */
public record Machine(long physicalBytes, long availableBytes, int cores, double gflops) {

    private static volatile Machine detected;

    /** This machine; the arithmetic rate is measured once per process (about 0.2 s). */
    public static Machine detect() {
        Machine m = detected;
        if (m == null) {
            long physical = physicalMemory();
            m = new Machine(physical, availableMemory().orElse(physical / 2),
                    Runtime.getRuntime().availableProcessors(), measureGflops());
            detected = m;
        }
        return m;
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static Optional<Long> availableMemory() {
        Path meminfo = Path.of("/proc/meminfo");
        try {
            if (Files.isReadable(meminfo)) {
                for (String line : Files.readAllLines(meminfo)) {
                    if (line.startsWith("MemAvailable:")) {
                        return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to the JVM's view
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Optional.of(os.getFreeMemorySize());
        }
        return Optional.empty();
    }

    /**
     * Times the engine's own matrix multiply (the kernels the engine picks, float16 weights as most checkpoints
     * store them) on a 64-token batch through a 1024 x 1024 layer: the operation that dominates scoring.
     */
    public static double measureGflops() {
        int in = 1024, out = 1024, rows = 64;
        try (Arena arena = Arena.ofShared(); Parallel parallel = Parallel.perCore()) {
            MemorySegment weights = arena.allocate((long) in * out * 2);
            for (long i = 0; i < (long) in * out; i++) weights.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, Float.floatToFloat16((i % 13) / 13f));
            Matrix w = new Matrix(weights, DType.F16, Matrix.Layout.OUT_IN, in, out);
            Kernels kernels = Kernels.best(parallel);
            float[] x = new float[rows * in];
            float[] y = new float[rows * out];
            for (int i = 0; i < x.length; i++) x[i] = (i % 7) / 7f;
            for (int i = 0; i < 3; i++) kernels.matmul(x, rows, w, null, y); // compile before timing
            long start = System.nanoTime();
            int calls = 0;
            do {
                kernels.matmul(x, rows, w, null, y);
                calls++;
            } while (System.nanoTime() - start < 150_000_000L);
            double seconds = (System.nanoTime() - start) / 1e9;
            return 2.0 * rows * in * out * calls / seconds / 1e9;
        }
    }
}
