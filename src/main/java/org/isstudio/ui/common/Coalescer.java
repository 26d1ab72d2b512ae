package org.isstudio.ui.common;

import java.util.concurrent.Executor;

/**
 * Runs an action once for any number of requests made before it gets to run: a burst of score batches or
 * edits redraws the chart once. Used on the FX thread only.
 */
public final class Coalescer {

    private final Executor executor;
    private final Runnable action;
    private boolean pending;

    public Coalescer(Executor executor, Runnable action) {
        this.executor = executor;
        this.action = action;
    }

    public void request() {
        if (pending) return;
        pending = true;
        executor.execute(() -> {
            pending = false;
            action.run();
        });
    }
}
