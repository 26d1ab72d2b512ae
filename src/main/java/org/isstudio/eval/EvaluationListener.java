package org.isstudio.eval;

import org.isstudio.engine.tokenizer.Tokenizer;

import java.util.List;

/**
 * What an {@link EvaluationScheduler} reports, on its worker thread (a user interface hands the calls over to its
 * own thread). A listener that throws is reported through {@link #modelFailed} and does not stop the scheduler.
 */
public interface EvaluationListener {

    /** The model is being opened (downloaded, mapped, connected); {@code fraction} is -1 when unknown. */
    default void modelOpening(EvalModel model, double fraction) {
    }

    /** Said before the model is opened: it may not fit this machine (see {@link EvalModel.Opener#warning()}). */
    default void modelWarning(EvalModel model, String warning) {
    }

    /**
     * Bytes of the model fetched or loaded so far, when the backend can tell; the default reports the fraction
     * through {@link #modelOpening}.
     */
    default void modelTransfer(EvalModel model, long done, long total) {
        modelOpening(model, total > 0 ? (double) done / total : -1);
    }

    /**
     * The model is open; the token ids in its results' {@link TokenScores} are in {@code tokenizer}, so an interface
     * can show them as text. Said before any result of the model.
     */
    default void modelOpened(EvalModel model, Tokenizer tokenizer) {
    }

    default void modelScoring(EvalModel model) {
    }

    /** Every item of the current plan has a result for this model. */
    default void modelDone(EvalModel model) {
    }

    /** The model could not be opened or scored; the others go on. It is retried on the next plan. */
    default void modelFailed(EvalModel model, Exception error) {
    }

    /** Results as they are computed, a small batch at a time, only ever for the current plan. */
    void scored(EvalModel model, List<ItemResult> results);

    /** (model, item) pairs with a current result, over all the current plan needs. */
    default void progress(long done, long total) {
    }

    /** Nothing left to do for the current plan; the scheduler wakes up on the next {@code submit}. */
    default void idle() {
    }
}
