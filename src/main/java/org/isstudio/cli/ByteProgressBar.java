package org.isstudio.cli;

import org.isstudio.engine.Progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A download progress bar: redrawn in place on a terminal, a line per 10% otherwise (logs, CI), so that
 * neither fills the screen.
 */
final class ByteProgressBar implements Progress {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastDraw;
    private int lastDecile = -1;
    private boolean drawn;

    ByteProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void update(long done, long total) {
        long now = System.nanoTime();
        if (terminal) {
            if (now - lastDraw < REDRAW_NANOS && done < total) return;
            lastDraw = now;
            int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, WIDTH * done / total);
            double seconds = Math.max((now - started) / 1e9, 1e-3);
            out.printf(Locale.ROOT, "\r[%s%s] %s / %s  %s/s   ", "#".repeat(filled), " ".repeat(WIDTH - filled),
                    bytes(done), bytes(total), bytes((long) (done / seconds)));
            out.flush();
            drawn = true;
        } else {
            int decile = total <= 0 ? 0 : (int) (10 * done / total);
            if (decile == lastDecile) return;
            lastDecile = decile;
            out.printf(Locale.ROOT, "%3d%%  %s / %s%n", decile * 10, bytes(done), bytes(total));
        }
    }

    /** Ends the bar's line on a terminal. */
    void finish() {
        if (terminal && drawn) out.println();
        drawn = false;
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}
