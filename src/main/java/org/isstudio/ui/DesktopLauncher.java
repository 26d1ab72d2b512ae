package org.isstudio.ui;

import javafx.application.Application;

/** Starts the JavaFX application; the only way {@code Main} reaches the toolkit. */
public final class DesktopLauncher {

    private DesktopLauncher() {
    }

    /** Files the window opens when the launcher is given one (a double-click through the file association). */
    private static final java.util.List<String> DOCUMENTS = java.util.List.of(".isproj", ".csv", ".jsonl");

    /**
     * Whether the arguments are one existing project or contest file, which the desktop application opens,
     * rather than a command ({@code isstudio validate x.csv} has two arguments and stays a command).
     */
    public static boolean isDocument(String[] args) {
        if (args.length != 1) return false;
        String a = args[0];
        return DOCUMENTS.stream().anyMatch(ext -> a.toLowerCase(java.util.Locale.ROOT).endsWith(ext))
                && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(a));
    }

    /** Whether the arguments ask for a benchmark of the desktop application ({@code bench --ui}, {@code bench --edit}). */
    public static boolean isBench(String[] args) {
        return org.isstudio.ui.bench.UiBench.isUiBench(args);
    }

    /** Runs the desktop application's benchmarks; returns the exit code. */
    public static int bench(String[] args) {
        Rendering.configure();
        return org.isstudio.ui.bench.UiBench.run(args, System.out, System.err);
    }

    public static void launch(String[] args) {
        Rendering.configure();
        Application.launch(DesktopApp.class, args);
    }
}
