package org.isstudio.eval;

import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A model to evaluate on: how people and the plot name it, where it goes on the x-axis, and how to open a backend
 * for it. Opening may download or load weights, so it is deferred until the scheduler gets to the model.
 *
 * @param id         how the command line names it (a folder, a Hub id, a catalog name, {@code name@server}); unique
 *                   within an evaluation
 * @param name       short display name, the plot's tick label
 * @param family     the series it belongs to (one plotted line per family)
 * @param parameters the x-axis value: the contest's nominal parameter count ({@code size_dict}) where it has one
 */
public record EvalModel(String id, String name, String family, long parameters, Opener opener) {

    public EvalModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(opener, "opener");
        if (parameters <= 0) throw new IllegalArgumentException(id + ": the parameter count must be positive, was " + parameters);
    }

    @FunctionalInterface
    public interface Opener {
        /**
         * @param progress bytes downloaded or loaded, when the backend can tell
         * @param cancel   polled by long downloads, so closing the scheduler does not wait for one to finish
         */
        ScoringBackend open(Progress progress, Cancellation cancel) throws IOException;

        /**
         * What to tell the user before opening, such as a model too large for this machine; asked when the scheduler
         * gets to the model, so the warning comes before a long download or load.
         */
        default Optional<String> warning() throws IOException {
            return Optional.empty();
        }
    }
}
