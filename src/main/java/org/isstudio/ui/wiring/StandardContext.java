package org.isstudio.ui.wiring;

import org.isstudio.eval.cache.ScoreCache;
import org.isstudio.model.AppPaths;
import org.isstudio.remote.catalog.Catalog;
import org.isstudio.remote.catalog.ModelResolver;
import org.isstudio.remote.http.JdkHttpTransport;
import org.isstudio.remote.hub.HubClient;
import org.isstudio.remote.hub.HubConfig;
import org.isstudio.ui.AppContext;
import org.isstudio.ui.services.ClassesCodec;

import java.io.IOException;

/** Builds the application's services from the real format, eval and remote classes. */
public final class StandardContext {

    private StandardContext() {
    }

    public static AppContext create() throws IOException {
        return create(AppPaths.configDir(), AppPaths.cacheDir());
    }

    /** With the per-user folders elsewhere: the benchmarks run in temporary ones, leaving the author's alone. */
    public static AppContext create(java.nio.file.Path configDir, java.nio.file.Path cacheDir) throws IOException {
        ClassesCodec classes = new PyClasses();
        HubClient hub = new HubClient(HubConfig.fromEnvironment(), new JdkHttpTransport());
        ModelResolver resolver = new ModelResolver(Catalog.standard(), AppPaths.demoModelsDir(), hub.cache());
        ScoreCache cache = ScoreCache.open(cacheDir.resolve("scores"));
        EvalScoringService scoring = new EvalScoringService(Catalog.standard(), resolver, hub, AppPaths.demoModelsDir(),
                cache, ContestExamples::of);
        return new AppContext(FormatServices.files(), FormatServices.checks(), classes, FormatServices.preview(classes),
                scoring, FormatServices.export(), configDir, AppPaths.samplesDir());
    }
}
