package org.isstudio.ui.run;

import org.isstudio.ui.services.ModelState;

import java.time.Duration;
import java.util.Optional;

/**
 * What a live scoring session is doing right now, in the words of the status bar and the jobs panel: "scoring
 * 3/12 scores · d32-L2 · about 30 s left", "loading d64-L4", "up to date · watching edits". A session stays alive
 * after it has caught up, to score the author's next edit, so "running" alone would not say whether it is busy.
 * Lives on the FX thread.
 */
final class ScoringStatus {

    private long done;
    private long total;
    private boolean idle;
    private boolean paused;
    private String failure;
    /** The model the session is working on and what it does with it (loading, downloading, scoring), or null. */
    private String model;
    private ModelState modelState;
    private String modelDetail = "";

    void progress(long done, long total) {
        this.done = done;
        this.total = total;
        if (done < total) idle = false;
    }

    void model(String name, ModelState state, String detail) {
        switch (state) {
            case LOADING, DOWNLOADING, SCORING -> {
                model = name;
                modelState = state;
                modelDetail = detail;
                idle = false;
            }
            case DONE, FAILED -> {
                if (name.equals(model)) model = null;
            }
            default -> {
                // queued, downloaded, too big: said in the models panel, not what the session is doing
            }
        }
    }

    void idle() {
        idle = true;
        model = null;
    }

    void paused(boolean p) {
        paused = p;
    }

    void failed(String message) {
        failure = message;
    }

    /** @param left the estimated time to go, if there is a rate to go by */
    String text(Optional<Duration> left) {
        if (failure != null) return "stopped: " + failure;
        String counts = done + "/" + total + " scores";
        if (paused) return "paused at " + counts;
        if (idle) return "up to date · watching edits";
        StringBuilder s = new StringBuilder();
        if (model != null && modelState != ModelState.SCORING) {
            s.append(modelState == ModelState.DOWNLOADING ? "downloading " : "loading ").append(model);
            if (!modelDetail.isEmpty()) s.append(" (").append(modelDetail).append(')');
            if (total > 0) s.append(" · ").append(counts);
        } else if (total == 0) {
            s.append("starting");
        } else {
            s.append("scoring ").append(counts);
            if (model != null) s.append(" · ").append(model);
        }
        if (done < total) {
            s.append(" · ").append(left.map(RemainingTime::describe).orElse("estimating time left"));
        }
        return s.toString();
    }
}
