package org.isstudio.eval;

import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.remote.catalog.Footprints;
import org.isstudio.remote.catalog.ModelChoice;
import org.isstudio.remote.catalog.ModelResolver;
import org.isstudio.remote.catalog.ModelSource;
import org.isstudio.remote.hub.HubClient;
import org.isstudio.remote.hub.HubException;
import org.isstudio.remote.scoring.RemoteBackends;

import java.io.IOException;
import java.util.Optional;

/**
 * Turns resolved model choices (folders, the demo series, Hub models, servers) into {@link EvalModel}s whose opener
 * loads the engine on a local copy or connects to the server when the scheduler gets to them. A local model's opener
 * first warns when its footprint says it will not run well on this machine.
 */
public final class EvalModels {

    /** The family of models named outside the catalog's series. */
    public static final String OWN_SERIES = "models";

    private final ModelResolver resolver;
    private final HubClient hub;
    private Footprints footprints;

    /** Sizes local models for this machine, measured when the first one is opened. */
    public EvalModels(ModelResolver resolver, HubClient hub) {
        this(resolver, hub, null);
    }

    public EvalModels(ModelResolver resolver, HubClient hub, Footprints footprints) {
        this.resolver = resolver;
        this.hub = hub;
        this.footprints = footprints;
    }

    /**
     * A model outside the catalog gets its size (its place on the plot) from its config.json alone; weights are
     * downloaded when the model is opened.
     *
     * @param cancel polled while that config is fetched
     * @throws IllegalArgumentException when the model's parameter count cannot be known (a server whose model is not
     *                                  named by a Hub id)
     */
    public EvalModel model(ModelChoice choice, Cancellation cancel) throws IOException {
        ModelChoice c = choice;
        String hubSaid = "";
        try {
            if (c.parameters() <= 0) c = resolver.learnSize(choice, hub, cancel);
        } catch (HubException e) {
            // a server may serve a model under a name of its own; for a Hub model the Hub's answer is the error
            if (!(c.source() instanceof ModelSource.Server)) throw e;
            hubSaid = " (" + e.getMessage() + ")";
        }
        if (c.parameters() <= 0) {
            throw new IllegalArgumentException(c.name() + ": its parameter count (the plot's x) is unknown; "
                    + (c.source() instanceof ModelSource.Server ? "name the served model by its Hub id" + hubSaid
                    : "its config.json names no size"));
        }
        ModelChoice resolved = c;
        EvalModel.Opener opener = switch (c.source()) {
            case ModelSource.Folder f -> new LocalOpener(resolved, (progress, cancelled) -> LocalBackend.open(f.weightsDir(), f.tokenizerDir()));
            case ModelSource.Hub h -> new LocalOpener(resolved, (progress, cancelled) -> {
                ModelSource.Folder f = (ModelSource.Folder) resolver.ensureLocal(resolved, hub, progress, cancelled).source();
                return LocalBackend.open(f.weightsDir(), f.tokenizerDir());
            });
            case ModelSource.Server s -> (progress, cancelled) -> RemoteBackends.connect(s.spec(), hub);
        };
        // models outside any series (folders, other Hub models, servers) are taken as one family: the user's own series
        return new EvalModel(c.name(), c.name(), c.series().isEmpty() ? OWN_SERIES : c.series(), c.parameters(), opener);
    }

    /** Measuring the machine takes a moment, so it waits until a local model is about to be opened. */
    private synchronized Footprints footprints() throws IOException {
        if (footprints == null) footprints = Footprints.forThisMachine(resolver.catalog(), hub);
        return footprints;
    }

    /** Opens a model on this machine, telling first when it will not fit. */
    private final class LocalOpener implements EvalModel.Opener {
        private final ModelChoice choice;
        private final EvalModel.Opener load;

        LocalOpener(ModelChoice choice, EvalModel.Opener load) {
            this.choice = choice;
            this.load = load;
        }

        @Override
        public ScoringBackend open(Progress progress, Cancellation cancel) throws IOException {
            return load.open(progress, cancel);
        }

        @Override
        public Optional<String> warning() throws IOException {
            return footprints().warning(choice);
        }
    }
}
