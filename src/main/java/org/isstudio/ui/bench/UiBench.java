package org.isstudio.ui.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import javafx.application.Platform;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code isstudio bench --ui} and {@code --edit}: the desktop application's speed targets, measured on the real window
 * and services (the command line's {@code bench} measures the engine and cannot reach the toolkit).
 */
public final class UiBench {

    public static final String USAGE = """
            usage: isstudio bench --ui [--edit] [--json] [--quick]
                   isstudio bench --edit [--json] [--edits N]
              --ui     starts the real window (needs a display: DISPLAY, or Xvfb) and records the JavaFX pulse:
                       frame-to-frame intervals of an animation timer, per phase, against the idle window's
                       in the same run: opening a generated 10,000-row contest CSV, scrolling the table top to
                       bottom, filtering, sorting by a score column, editing cells, live scoring on the largest
                       demo member, and loading and scoring a 124M-parameter GPT-2 (random weights) written to a
                       temporary folder. Reports open time, p50/p99/max frame interval per phase, stalls over 100 ms.
              --edit   edit-to-score latency through the view model, the scoring service, eval's scheduler and
                       the score cache, on the demo series' smallest and largest member and a GPT-2-small-shaped
                       124M model (random weights), on the shipped sample:
                       median/p95/max over N edits (a prompt, a class, the answer index in turn; default 30),
                       against scoring the whole task from an empty cache in the same run
              --quick  shorter phases and 9 edits, for a smoke test
              --json   one JSON object instead of a table""";

    private UiBench() {
    }

    /** Whether the arguments ask for a UI benchmark ({@code bench --ui ...} or {@code bench --edit ...}). */
    public static boolean isUiBench(String[] args) {
        return args.length > 0 && args[0].equals("bench") && List.of(args).stream().anyMatch(a -> a.equals("--ui") || a.equals("--edit"));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean ui = false, edit = false, json = false, quick = false;
        int edits = 30;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--ui" -> ui = true;
                case "--edit" -> edit = true;
                case "--json" -> json = true;
                case "--quick" -> quick = true;
                case "--edits" -> {
                    if (i + 1 >= args.length || !args[i + 1].matches("[1-9][0-9]{0,3}")) {
                        err.println("isstudio bench: --edits needs a number of edits (1 to 9999)");
                        return 2;
                    }
                    edits = Integer.parseInt(args[++i]);
                }
                default -> {
                    err.println("isstudio bench: unknown argument '" + args[i] + "'\n" + USAGE);
                    return 2;
                }
            }
        }
        if (quick && edits == 30) edits = 9;
        try {
            Fx.start();
            Map<String, Object> result = Timings.map();
            if (edit) result.putAll(new EditLatencyBench(edits, m -> err.println("bench: " + java.time.LocalTime.now() + " " + m)).run());
            if (ui) result.putAll(new WindowBench(quick, m -> err.println("bench: " + java.time.LocalTime.now() + " " + m)).run());
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(result));
            } else {
                int width = result.keySet().stream().mapToInt(String::length).max().orElse(10);
                result.forEach((k, v) -> out.printf("%-" + width + "s  %s%n", k, v));
            }
            return 0;
        } catch (Exception e) {
            err.println("isstudio bench: " + e.getMessage());
            return 1;
        } finally {
            Platform.exit();
        }
    }
}
