package org.isstudio.cli;

import org.isstudio.engine.Cancellation;
import org.isstudio.model.AppPaths;
import org.isstudio.remote.catalog.Catalog;
import org.isstudio.remote.catalog.ModelChoice;
import org.isstudio.remote.catalog.ModelResolver;
import org.isstudio.remote.catalog.ModelSource;
import org.isstudio.remote.http.JdkHttpTransport;
import org.isstudio.remote.hub.HubClient;
import org.isstudio.remote.hub.HubConfig;
import org.isstudio.remote.hub.HubException;

import java.io.PrintStream;
import java.util.List;

/** {@code isstudio download MODEL...}: fetches Hub models, catalog models or whole series into the Hugging Face cache. */
public final class DownloadCommand implements Command {

    private final HubConfig config;
    private final boolean terminal;
    private final Catalog catalog;

    public DownloadCommand() {
        this(HubConfig.fromEnvironment(), System.console() != null, null);
    }

    /** @param catalog the catalog to resolve names in; null reads the standard one when the command runs */
    DownloadCommand(HubConfig config, boolean terminal, Catalog catalog) {
        this.config = config;
        this.terminal = terminal;
        this.catalog = catalog;
    }

    @Override
    public String name() {
        return "download";
    }

    @Override
    public String summary() {
        return "fetch models from the Hugging Face Hub into its cache";
    }

    @Override
    public String usage() {
        return """
                usage: isstudio download MODEL...

                Downloads what scoring needs (config, tokenizer, weights in one format) into the Hugging Face cache
                that Python's huggingface_hub also uses. MODEL is a Hub repository (EleutherAI/pythia-70m, with
                @REVISION for a branch, tag or commit), a catalog model (pythia-410m) or a series range (pythia..1b).
                Interrupted downloads resume; every file is checked against the Hub's checksum.

                environment:
                  HF_TOKEN         token for gated or private repositories (else ~/.cache/huggingface/token)
                  HF_HOME          Hugging Face folder (default ~/.cache/huggingface); HF_HUB_CACHE the cache itself
                  HF_ENDPOINT      a Hub mirror (default https://huggingface.co)
                  HF_HUB_OFFLINE   1: only check what is cached""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) throw new UsageException("name at least one model");
        for (String a : args) {
            if (a.startsWith("-")) throw new UsageException("unknown option " + a);
        }
        HubClient hub = new HubClient(config, new JdkHttpTransport());
        ModelResolver resolver = new ModelResolver(catalog != null ? catalog : Catalog.standard(), AppPaths.demoModelsDir(), hub.cache());
        List<ModelChoice> choices;
        try {
            choices = resolver.resolveAll(String.join(",", args));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        int status = Cli.OK;
        for (ModelChoice c : choices) {
            if (!(c.source() instanceof ModelSource.Hub h)) {
                out.println(c.name() + ": " + (c.source() instanceof ModelSource.Server ? "a server, nothing to download"
                        : "already on disk"));
                continue;
            }
            out.println(h.repo() + "@" + h.revision() + " -> " + config.cacheDir());
            ByteProgressBar bar = new ByteProgressBar(out, terminal);
            try {
                ModelChoice local = resolver.ensureLocal(c, hub, bar, Cancellation.NONE);
                bar.finish();
                out.println("  ready: " + ((ModelSource.Folder) local.source()).weightsDir());
            } catch (HubException e) {
                bar.finish();
                err.println("isstudio download: " + e.getMessage());
                status = Cli.FAILED;
            }
        }
        return status;
    }
}
