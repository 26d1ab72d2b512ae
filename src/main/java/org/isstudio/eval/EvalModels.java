package org.isstudio.eval;

import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.model.AppPaths;
import org.isstudio.remote.catalog.ModelChoice;
import org.isstudio.remote.catalog.ModelResolver;
import org.isstudio.remote.catalog.ModelSource;
import org.isstudio.remote.http.JdkHttpTransport;
import org.isstudio.remote.hub.HubClient;
import org.isstudio.remote.scoring.ApiKeys;
import org.isstudio.remote.scoring.OpenAiCompletionsBackend;
import org.isstudio.remote.scoring.RemoteBackends;
import org.isstudio.remote.scoring.ServerClient;

import java.io.IOException;

/**
 * Turns resolved model choices (folders, the demo series, Hub models, servers) into {@link EvalModel}s whose opener
 * loads the engine on a local copy or connects to the server when the scheduler gets to them.
 */
public final class EvalModels {

    /** The family of models named outside the catalog's series. */
    public static final String OWN_SERIES = "models";

    private final ModelResolver resolver;
    private final HubClient hub;

    public EvalModels(ModelResolver resolver, HubClient hub) {
        this.resolver = resolver;
        this.hub = hub;
    }

    /**
     * @param download told the bytes of a download needed now to learn a Hub model's size (its place on the plot);
     *                 other downloads happen when the model is opened
     * @throws IllegalArgumentException when the model's parameter count cannot be known (a server serving a model
     *                                  outside the catalog)
     */
    public EvalModel model(ModelChoice choice, Progress download) throws IOException {
        ModelChoice c = choice;
        if (c.parameters() <= 0 && c.source() instanceof ModelSource.Hub) c = resolver.ensureLocal(c, hub, download, Cancellation.NONE);
        if (c.parameters() <= 0) {
            throw new IllegalArgumentException(c.name() + ": its parameter count (the plot's x) is unknown; "
                    + (c.source() instanceof ModelSource.Server ? "serve it under the Hub id of a catalog model" : "its config.json names no size"));
        }
        ModelChoice resolved = c;
        EvalModel.Opener opener = switch (c.source()) {
            case ModelSource.Folder f -> (progress, cancel) -> LocalBackend.open(f.weightsDir(), f.tokenizerDir());
            case ModelSource.Hub h -> (progress, cancel) -> {
                ModelSource.Folder f = (ModelSource.Folder) resolver.ensureLocal(resolved, hub, progress, cancel).source();
                return LocalBackend.open(f.weightsDir(), f.tokenizerDir());
            };
            case ModelSource.Server s -> (progress, cancel) -> {
                ServerClient client = new ServerClient(s.spec().baseUrl(), new JdkHttpTransport(),
                        ApiKeys.forServer(s.spec(), System.getenv(), AppPaths.configDir()), ServerClient.Retry.DEFAULT);
                return RemoteBackends.open(s.spec(), client, RemoteBackends.fromHub(hub), OpenAiCompletionsBackend.Options.DEFAULT);
            };
        };
        // models outside any series (folders, other Hub models, servers) are taken as one family: the user's own series
        return new EvalModel(c.name(), c.name(), c.series().isEmpty() ? OWN_SERIES : c.series(), c.parameters(), opener);
    }
}
