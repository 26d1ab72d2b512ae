package org.isstudio;

import org.isstudio.cli.Cli;

/**
 * Entry point. Deliberately not a JavaFX {@code Application}: a main class that extends Application does not
 * start from the class path ("JavaFX runtime components are missing"), and the command line must not need
 * the toolkit at all.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || org.isstudio.ui.DesktopLauncher.isDocument(args)) {
            org.isstudio.ui.DesktopLauncher.launch(args);
            return;
        }
        // the desktop application's benchmarks need the toolkit, which the command line never loads
        if (org.isstudio.ui.DesktopLauncher.isBench(args)) System.exit(org.isstudio.ui.DesktopLauncher.bench(args));
        System.exit(Cli.standard().run(args, System.out, System.err));
    }
}
