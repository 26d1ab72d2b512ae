package org.isstudio.ui.services;

import org.isstudio.model.TaskProject;

import java.util.List;

/** The evaluation back end as the UI drives it. */
public interface ScoringService {

    /** The series offered in the models panel; the first one that is {@code available} is the default. */
    List<ModelSeries> catalog();

    /**
     * A single model from what the author typed or picked: a local folder, a Hub id ({@code org/name@rev}),
     * or a server ({@code http://host:port/v1 model-name}). May touch the disk or the network: call on a worker.
     *
     * @throws java.io.IOException with a message for people when it cannot be used
     */
    ModelInfo resolve(String reference) throws java.io.IOException;

    /** Starts scoring every row of every part on {@code models}; results stream to {@code listener}. */
    Session start(TaskProject project, List<ModelInfo> models, ScoringListener listener);

    /** A running evaluation that follows the author's edits. */
    interface Session {

        /** The project changed: score what is new or edited (cached scores are reused), in the background. */
        void update(TaskProject project);

        void pause();

        void resume();

        /** Stops for good; the listener hears nothing more. */
        void cancel();
    }
}
