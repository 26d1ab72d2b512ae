package org.isstudio.cli;

import org.isstudio.engine.Cancellation;
import org.isstudio.remote.hub.HubClient;
import org.isstudio.remote.hub.HubConfig;
import org.isstudio.remote.hub.HubException;
import org.isstudio.remote.http.JdkHttpTransport;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code isstudio download REPO[@REVISION]...}: fetches models into the Hugging Face cache. */
public final class DownloadCommand implements Command {

    private final HubConfig config;
    private final boolean terminal;

    public DownloadCommand() {
        this(HubConfig.fromEnvironment(), System.console() != null);
    }

    DownloadCommand(HubConfig config, boolean terminal) {
        this.config = config;
        this.terminal = terminal;
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
                usage: isstudio download REPO[@REVISION]...

                Downloads what scoring needs (config, tokenizer, weights in one format) of each Hub repository,
                e.g. EleutherAI/pythia-70m or EleutherAI/pythia-70m@step3000, into the Hugging Face cache that
                Python's huggingface_hub also uses; interrupted downloads resume, and every file is checked against
                the Hub's checksum.

                environment:
                  HF_TOKEN         token for gated or private repositories (else ~/.cache/huggingface/token)
                  HF_HOME          Hugging Face folder (default ~/.cache/huggingface); HF_HUB_CACHE the cache itself
                  HF_ENDPOINT      a Hub mirror (default https://huggingface.co)
                  HF_HUB_OFFLINE   1: only check what is cached""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) throw new UsageException("name at least one repository");
        for (String a : args) {
            if (a.startsWith("-")) throw new UsageException("unknown option " + a);
        }
        HubClient hub = new HubClient(config, new JdkHttpTransport());
        int status = Cli.OK;
        for (String arg : args) {
            int at = arg.indexOf('@');
            String repo = at < 0 ? arg : arg.substring(0, at);
            String revision = at < 0 ? "main" : arg.substring(at + 1);
            try {
                HubClient.validateRepoId(repo);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            out.println(repo + "@" + revision + " -> " + config.cacheDir());
            ByteProgressBar bar = new ByteProgressBar(out, terminal);
            try {
                Path dir = hub.downloadModel(repo, revision, bar, Cancellation.NONE);
                bar.finish();
                out.println("  ready: " + dir);
            } catch (HubException e) {
                bar.finish();
                err.println("isstudio download: " + e.getMessage());
                status = Cli.FAILED;
            }
        }
        return status;
    }
}
