package org.isstudio.ui.services;

import java.util.List;

/** What a scoring session reports; called on worker threads, never on the FX thread. */
public interface ScoringListener {

    /** @param fraction progress within the state (bytes downloaded, examples scored), or -1 if unknown */
    void modelState(ModelInfo model, ModelState state, double fraction, String detail);

    /** Scores as they are computed, in batches of any size. */
    void scored(List<RowScore> scores);

    /** Examples scored so far over all the session needs now, across all models. */
    void progress(long done, long total);

    /** The session has nothing left to do for the current project (it wakes up again on {@code update}). */
    void idle();

    void failed(Throwable error);
}
