package org.isstudio.cli;

import org.isstudio.eval.EvalModel;
import org.isstudio.eval.EvaluationListener;
import org.isstudio.eval.ItemResult;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * What {@code evaluate} shows while it scores: on a terminal a bar redrawn in place with the model being scored;
 * otherwise (logs, CI) a line when each model starts, fails or is done.
 */
final class EvaluationProgress implements EvaluationListener {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private volatile String current = "";
    private long lastDraw;
    private boolean drawn;

    EvaluationProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void modelOpening(EvalModel model, double fraction) {
        current = model.name() + (fraction >= 0 ? String.format(Locale.ROOT, " (loading %.0f%%)", 100 * fraction) : " (loading)");
        if (!terminal && fraction < 0) out.println("loading " + model.name());
    }

    @Override
    public synchronized void modelWarning(EvalModel model, String warning) {
        clear();
        out.println("warning: " + warning);
    }

    @Override
    public synchronized void modelScoring(EvalModel model) {
        current = model.name();
        if (!terminal) out.println("scoring " + model.name());
    }

    @Override
    public synchronized void modelDone(EvalModel model) {
        if (!terminal) out.println("done " + model.name());
    }

    @Override
    public synchronized void modelFailed(EvalModel model, Exception error) {
        clear();
        out.println("failed " + model.name() + ": " + (error.getMessage() == null ? error.toString() : error.getMessage()));
    }

    @Override
    public void scored(EvalModel model, List<ItemResult> results) {
        // progress() follows every batch
    }

    @Override
    public synchronized void progress(long done, long total) {
        if (!terminal) return;
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && done < total) return;
        lastDraw = now;
        int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, WIDTH * done / total);
        double seconds = Math.max((now - started) / 1e9, 1e-3);
        out.printf(Locale.ROOT, "\r[%s%s] %d/%d  %.1f examples/s  %s   ", "#".repeat(filled), " ".repeat(WIDTH - filled),
                done, total, done / seconds, current);
        out.flush();
        drawn = true;
    }

    @Override
    public synchronized void idle() {
        clear();
    }

    private void clear() {
        if (terminal && drawn) out.println();
        drawn = false;
    }
}
