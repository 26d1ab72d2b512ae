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
                usage: isstudio bench [--json] [--quick] [--numpy PYTHON] [--torch PYTHON] [--rounds N]
                  Measures, on a random-weight GPT-2-small (124M) written to a temporary folder:
                    matmul_gflops            the engine's matrix multiply, 768x768 by 768x512 (F32),
                                             against the scalar reference kernels (matmul_gflops_scalar)
                    tokens_per_s_64/_256     scoring batches of 64- and 256-token sequences, log-probs at
                                             every position
                    task_examples_per_s      a contest-style task (2 classes, 5 shared shots, ~300-token
                                             prompts) scored as a prefix tree; _no_sharing: each
                                             prompt+class string alone; _naive: each alone with logits
                                             at every position, as the contest's code did
                  tokens_per_cpu_s_256_x_threads  tokens per CPU-second times the threads: the figure an
                                             unshared machine would give, when other processes compete
                  --numpy PYTHON  also time numpy's float32 GEMM on the matmul shape with that Python
                                  (matmul_gflops_numpy, matmul_vs_numpy)
                  --torch PYTHON  also score the same batches of the same model folder with PyTorch's CPU
                                  path in that Python, on the engine's thread count, with the same warm-up
                                  and timing (torch_tokens_per_s_64/_256, tokens_per_s_256_vs_torch). It
                                  is Hugging Face transformers' GPT2LMHeadModel computation written out in
                                  plain torch (pre-LN blocks, fused c_attn, gelu_new, tied head, logits at
                                  every position, log_softmax, inference mode), so transformers itself
                                  need not be installed; e.g. Debian's python3-torch at /usr/bin/python3
                  --rounds N  measure each figure and its baseline N times, alternately, and keep the best
                            of each (default 3; 1 with --quick), so that load from other processes
                            cannot favour either side of a ratio
                  --json    print one JSON object instead of a table
                  --quick   smaller batches and shorter timing, for a smoke test

                usage: isstudio bench --ui [--edit] [--json] [--quick]
                       isstudio bench --edit [--json] [--edits N]
                  The desktop application instead of the engine (run by the launcher, which loads JavaFX;
                  --ui needs a display, e.g. Xvfb): --ui records the real window's frame intervals while
                  it opens, scrolls, filters, sorts and edits a 10,000-row task and scores live, against
                  the idle window's; --edit times an edit to its new score on the demo series, against
                  scoring the whole sample task from an empty cache.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        boolean json = false;
        Bench.Options options = Bench.Options.STANDARD;
        String numpy = null, torch = null;
        Integer rounds = null;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--json" -> json = true;
                case "--quick" -> options = Bench.Options.QUICK;
                case "--ui", "--edit" -> throw new UsageException(args.get(i) + " is the desktop application's benchmark, which "
                        + "the launcher runs: app/bin/isstudio bench " + args.get(i));
                case "--numpy" -> {
                    if (i + 1 >= args.size()) throw new UsageException("--numpy needs the path of a Python with numpy");
                    numpy = args.get(++i);
                }
                case "--torch" -> {
                    if (i + 1 >= args.size()) throw new UsageException("--torch needs the path of a Python with torch");
                    torch = args.get(++i);
                }
                case "--rounds" -> {
                    if (i + 1 >= args.size() || !args.get(i + 1).matches("[1-9][0-9]{0,2}")) {
                        throw new UsageException("--rounds needs a whole number from 1 to 999");
                    }
                    rounds = Integer.parseInt(args.get(++i));
                }
                default -> throw new UsageException("unknown argument '" + args.get(i) + "'");
            }
        }
        options = options.withNumpy(numpy).withTorch(torch);
        if (rounds != null) options = options.withRounds(rounds);
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
