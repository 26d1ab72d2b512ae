package org.isstudio.engine.bench;

import org.isstudio.engine.CausalLm;
import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.engine.ScoreRequest;
import org.isstudio.engine.kernel.Kernels;
import org.isstudio.engine.kernel.Matrix;
import org.isstudio.engine.kernel.Parallel;
import org.isstudio.engine.kernel.ScalarKernels;
import org.isstudio.engine.load.DType;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The engine's speed, each figure next to a baseline measured in the same run: the matrix multiply against the
 * scalar reference kernels, full-sequence scoring of a GPT-2-small-shaped model (random weights), and a
 * contest-style few-shot task scored as a prefix tree against scoring every prompt+class string on its own.
 */
public final class Bench {

    /**
     * @param model          the model shape to generate (GPT-2 small for the reported figures)
     * @param tokensPerBatch tokens in each full-sequence batch
     * @param taskExamples   examples of the few-shot task
     * @param numpy          a Python with numpy to measure OpenBLAS's GEMM on the same shape, or null
     * @param torch          a Python with torch to measure PyTorch's forward pass of the same model, or null
     * @param rounds         how often each figure and its baseline are measured, alternately; the best of each
     *                       is kept, so a burst of load from other processes cannot favour either side
     */
    public record Options(RandomGpt2 model, int tokensPerBatch, int taskExamples, double minSeconds, String numpy,
            String torch, int rounds) {
        public static final Options STANDARD = new Options(RandomGpt2.SMALL, 2048, 8, 2, null, null, 3);
        public static final Options QUICK = new Options(RandomGpt2.SMALL, 512, 2, 0.5, null, null, 1);

        public Options {
            if (rounds < 1) throw new IllegalArgumentException("rounds must be at least 1, not " + rounds);
        }

        public Options withNumpy(String numpy) {
            return new Options(model, tokensPerBatch, taskExamples, minSeconds, numpy, torch, rounds);
        }

        public Options withTorch(String torch) {
            return new Options(model, tokensPerBatch, taskExamples, minSeconds, numpy, torch, rounds);
        }

        public Options withRounds(int rounds) {
            return new Options(model, tokensPerBatch, taskExamples, minSeconds, numpy, torch, rounds);
        }
    }

    private final Parallel parallel;
    private final Kernels kernels;
    private final Consumer<String> log;

    public Bench(Parallel parallel, Kernels kernels, Consumer<String> log) {
        this.parallel = parallel;
        this.kernels = kernels;
        this.log = log;
    }

    /** Every measurement, in a fixed order, as JSON-ready names and numbers. */
    public Map<String, Object> run(Options options) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kernels", kernels.name());
        out.put("threads", parallel.threads());
        out.put("rounds", options.rounds());
        matmul(out, options);
        Path dir = Files.createTempDirectory("isstudio-bench-gpt2");
        try {
            log.accept("writing a random-weight model of GPT-2 shape to " + dir);
            options.model().write(dir, 42);
            try (CausalLm lm = CausalLm.open(dir, kernels, parallel)) {
                fullSequences(lm, dir, out, options);
                task(lm, out, options);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
        return out;
    }

    private void matmul(Map<String, Object> out, Options options) throws IOException {
        int rows = 512, in = 768, outputs = 768;
        SplittableRandom random = new SplittableRandom(7);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = arena.allocate((long) in * outputs * 4, 64);
            for (long i = 0; i < (long) in * outputs; i++) seg.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) random.nextDouble(-1, 1));
            Matrix w = new Matrix(seg, DType.F32, Matrix.Layout.OUT_IN, in, outputs);
            float[] x = new float[rows * in], y = new float[rows * outputs];
            for (int i = 0; i < x.length; i++) x[i] = (float) random.nextDouble(-1, 1);
            double flops = 2.0 * rows * in * outputs;
            double fast = Double.MAX_VALUE, numpy = 0;
            for (int round = 1; round <= options.rounds(); round++) {
                log.accept("matmul " + outputs + "x" + in + " by " + in + "x" + rows + roundLabel(round, options));
                fast = Math.min(fast, seconds(() -> kernels.matmul(x, rows, w, null, y), options.minSeconds()));
                if (options.numpy() != null) {
                    numpy = Math.max(numpy, NumpyGemm.gflops(options.numpy(), outputs, in, rows, options.minSeconds()));
                }
            }
            Kernels scalar = new ScalarKernels(parallel);
            double slow = seconds(() -> scalar.matmul(x, rows, w, null, y), Math.min(options.minSeconds(), 1));
            out.put("matmul_gflops", round(flops / fast / 1e9));
            out.put("matmul_gflops_scalar", round(flops / slow / 1e9));
            out.put("matmul_speedup_vs_scalar", round(slow / fast));
            if (options.numpy() != null) {
                out.put("matmul_gflops_numpy", round(numpy));
                out.put("matmul_vs_numpy", round(flops / fast / 1e9 / numpy));
            }
        }
    }

    /**
     * Tokens/s on batches of random sequences, log-probs at every position; with a torch Python, the same batches
     * of the same model folder through PyTorch after each round of the engine's.
     */
    private void fullSequences(CausalLm lm, Path folder, Map<String, Object> out, Options options) throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        lm.score(randomSequences(random, 2, 32, lm.vocabSize()), Cancellation.NONE, Progress.NONE); // JIT warm-up
        Map<Integer, List<ScoreRequest>> batches = new LinkedHashMap<>();
        batches(options).forEach((length, count) -> batches.put(length, randomSequences(random, count, length, lm.vocabSize())));
        Map<Integer, Double> best = new LinkedHashMap<>(), bestPerCpu = new LinkedHashMap<>(), torch = new LinkedHashMap<>();
        for (int round = 1; round <= options.rounds(); round++) {
            for (var entry : batches.entrySet()) {
                int length = entry.getKey();
                List<ScoreRequest> batch = entry.getValue();
                long tokens = (long) batch.size() * length;
                log.accept("scoring " + batch.size() + " random sequences of " + length + " tokens, log-probs at every position"
                        + roundLabel(round, options));
                double[] cpu = new double[1];
                double s = seconds(() -> {
                    long c0 = processCpuNanos();
                    lm.score(batch, Cancellation.NONE, Progress.NONE);
                    cpu[0] = (processCpuNanos() - c0) / 1e9;
                }, options.minSeconds());
                best.merge(length, tokens / s, Math::max);
                // tokens per CPU-second of this process, times the threads: what the cores deliver when not shared
                bestPerCpu.merge(length, tokens / cpu[0] * parallel.threads(), Math::max);
            }
            if (options.torch() != null) {
                log.accept("scoring the same batches with PyTorch (" + options.torch() + ", " + parallel.threads() + " threads)"
                        + roundLabel(round, options));
                TorchGpt2.tokensPerSecond(options.torch(), folder, parallel.threads(), batches(options), options.minSeconds())
                        .forEach((length, figure) -> torch.merge(length, figure, Math::max));
            }
        }
        for (int length : batches.keySet()) {
            out.put("tokens_per_s_" + length, round(best.get(length)));
            out.put("tokens_per_cpu_s_" + length + "_x_threads", round(bestPerCpu.get(length)));
        }
        if (options.torch() != null) {
            torch.forEach((length, figure) -> out.put("torch_tokens_per_s_" + length, round(figure)));
            out.put("tokens_per_s_256_vs_torch", round(best.get(256) / torch.get(256)));
        }
    }

    private static String roundLabel(int round, Options options) {
        return options.rounds() == 1 ? "" : " (round " + round + " of " + options.rounds() + ")";
    }

    /** Full-sequence batches: sequence length to the number of sequences, about {@code tokensPerBatch} tokens each. */
    private static Map<Integer, Integer> batches(Options options) {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        for (int length : new int[] {64, 256}) out.put(length, Math.max(1, options.tokensPerBatch() / length));
        return out;
    }

    /**
     * A contest-style task: five shots (about 250 tokens) shared by every example, a question of about 50
     * tokens, and two classes of one to three tokens, so each prompt is about 300 tokens.
     */
    private void task(CausalLm lm, Map<String, Object> out, Options options) {
        SplittableRandom random = new SplittableRandom(13);
        int[] shots = tokens(random, 250, lm.vocabSize());
        List<ScoreRequest> requests = new ArrayList<>();
        for (int e = 0; e < options.taskExamples(); e++) {
            int[] prompt = concat(shots, tokens(random, 45 + random.nextInt(10), lm.vocabSize()));
            for (int c = 0; c < 2; c++) {
                requests.add(new ScoreRequest(concat(prompt, tokens(random, 1 + random.nextInt(3), lm.vocabSize())), prompt.length));
            }
        }
        int examples = options.taskExamples();
        log.accept("contest-style task: " + examples + " examples x 2 classes, 5 shared shots, ~300-token prompts");
        double tree = seconds(() -> lm.score(requests, Cancellation.NONE, Progress.NONE), options.minSeconds());
        double alone = seconds(() -> {
            for (ScoreRequest r : requests) lm.score(List.of(r), Cancellation.NONE, Progress.NONE);
        }, 0);
        double naive = seconds(() -> {
            for (ScoreRequest r : requests) lm.score(List.of(new ScoreRequest(r.tokens(), 1)), Cancellation.NONE, Progress.NONE);
        }, 0);
        out.put("task_examples_per_s", round(examples / tree));
        out.put("task_examples_per_s_no_sharing", round(examples / alone));
        out.put("task_examples_per_s_naive", round(examples / naive));
        out.put("prefix_sharing_speedup", round(alone / tree));
        out.put("task_speedup_vs_naive", round(naive / tree));
    }

    private static List<ScoreRequest> randomSequences(SplittableRandom random, int count, int length, int vocab) {
        List<ScoreRequest> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(new ScoreRequest(tokens(random, length, vocab), 1));
        return out;
    }

    private static int[] tokens(SplittableRandom random, int n, int vocab) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) t[i] = random.nextInt(vocab);
        return t;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /**
     * Seconds per run: one untimed warm-up run, then runs until {@code minSeconds} have passed (at least one),
     * reporting the fastest, the figure least disturbed by other processes on a shared machine.
     */
    private static double seconds(Runnable work, double minSeconds) {
        if (minSeconds > 0) work.run();
        double best = Double.MAX_VALUE;
        long begin = System.nanoTime();
        do {
            long t0 = System.nanoTime();
            work.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        } while ((System.nanoTime() - begin) / 1e9 < minSeconds);
        return best;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
