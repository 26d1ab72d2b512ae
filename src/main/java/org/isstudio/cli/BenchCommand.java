package org.isstudio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.isstudio.engine.bench.Bench;
import org.isstudio.engine.kernel.Kernels;
import org.isstudio.engine.kernel.Parallel;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code isstudio bench [--json] [--quick]}: the engine's speed against baselines measured in the same run. */
public final class BenchCommand implements Command {

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "measure the scoring engine: matmul GFLOP/s, tokens/s, few-shot task examples/s, with baselines";
    }

    @Override
    public String usage() {
        return """
                usage: isstudio bench [--json] [--quick] [--numpy PYTHON]
                  Measures, on a random-weight GPT-2-small (124M) written to a temporary folder:
                    matmul_gflops            the engine's matrix multiply, 768x768 by 768x512 (F32),
                                             against the scalar reference kernels (matmul_gflops_scalar)
                    tokens_per_s_64/_256     scoring batches of 64- and 256-token sequences, log-probs at
                                             every position (hf_reference_tokens_per_s_256: the issue's
                                             figure for transformers on PyTorch CPU, not measured here)
                    task_examples_per_s      a contest-style task (2 classes, 5 shared shots, ~300-token
                                             prompts) scored as a prefix tree; _no_sharing: each
                                             prompt+class string alone; _naive: each alone with logits
                                             at every position, as the contest's code did
                  tokens_per_cpu_s_256_x_threads  tokens per CPU-second times the threads: the figure an
                                             unshared machine would give, when other processes compete
                  --numpy PYTHON  also time numpy's float32 GEMM on the matmul shape with that Python
                                  (matmul_gflops_numpy, matmul_vs_numpy)
                  --json    print one JSON object instead of a table
                  --quick   smaller batches and shorter timing, for a smoke test""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        boolean json = false;
        Bench.Options options = Bench.Options.STANDARD;
        String python = null;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--json" -> json = true;
                case "--quick" -> options = Bench.Options.QUICK;
                case "--numpy" -> {
                    if (i + 1 >= args.size()) throw new UsageException("--numpy needs the path of a Python with numpy");
                    python = args.get(++i);
                }
                default -> throw new UsageException("unknown argument '" + args.get(i) + "'");
            }
        }
        options = options.withPython(python);
        try (Parallel parallel = Parallel.perCore()) {
            Map<String, Object> result = new Bench(parallel, Kernels.best(parallel), m -> err.println("bench: " + m)).run(options);
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(result));
            } else {
                int width = result.keySet().stream().mapToInt(String::length).max().orElse(10);
                result.forEach((k, v) -> out.printf("%-" + width + "s  %s%n", k, v));
            }
        }
        return Cli.OK;
    }
}
