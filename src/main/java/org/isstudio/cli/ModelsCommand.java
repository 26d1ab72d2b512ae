package org.isstudio.cli;

import org.isstudio.model.AppPaths;
import org.isstudio.remote.catalog.Catalog;
import org.isstudio.remote.catalog.CatalogMember;
import org.isstudio.remote.catalog.DemoSeries;
import org.isstudio.remote.catalog.Footprints;
import org.isstudio.remote.catalog.ModelChoice;
import org.isstudio.remote.catalog.ModelResolver;
import org.isstudio.remote.catalog.ModelSeries;
import org.isstudio.remote.catalog.ModelSource;
import org.isstudio.remote.http.JdkHttpTransport;
import org.isstudio.remote.hub.HubCache;
import org.isstudio.remote.hub.HubClient;
import org.isstudio.remote.hub.HubConfig;
import org.isstudio.eval.ScoringBackend;
import org.isstudio.remote.scoring.RemoteBackend;
import org.isstudio.remote.scoring.RemoteBackends;
import org.isstudio.remote.scoring.ServerSpec;
import org.isstudio.remote.sizing.Machine;
import org.isstudio.remote.sizing.ModelSizer;
import org.isstudio.remote.sizing.SizeEstimate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code isstudio models}: the demo series, the catalog and what is in the Hugging Face cache, with each
 * model's size and whether it runs on this machine.
 */
public final class ModelsCommand implements Command {

    /** Connects to a server the way an evaluation would, probe included. */
    @FunctionalInterface
    interface ServerOpener {
        ScoringBackend open(ServerSpec spec, HubClient hub) throws IOException;
    }

    private final HubConfig hubConfig;
    private final Path demoDir;
    private final Optional<Machine> machine;
    private final ServerOpener servers;

    public ModelsCommand() {
        this(HubConfig.fromEnvironment(), AppPaths.demoModelsDir(), Optional.empty(), RemoteBackends::connect);
    }

    ModelsCommand(HubConfig hubConfig, Path demoDir, Optional<Machine> machine, ServerOpener servers) {
        this.hubConfig = hubConfig;
        this.demoDir = demoDir;
        this.machine = machine;
        this.servers = servers;
    }

    @Override
    public String name() {
        return "models";
    }

    @Override
    public String summary() {
        return "list the model catalog, cached models and what runs on this machine";
    }

    @Override
    public String usage() {
        return """
                usage: isstudio models [SERIES...] [SERVER...]

                Lists the shipped demo series, the catalog's model series (or only the SERIES named) and the models
                in the Hugging Face cache, with parameter counts, weight sizes and an estimate of whether each runs
                on this machine (memory) and how long a thousand prompt tokens take. A SERVER is connected to and
                probed as an evaluation would, to show whether it can score and how to fix it if not.

                Name models for evaluate --models as:
                  demo, pythia..1b, pythia-160m..1.4b, gpt2..gpt2-large, opt..   series, whole or up to a size
                  gpt2-medium, pythia-410m@step3000                         catalog models (@revision optional)
                  EleutherAI/pythia-70m[@REV]                              any Hub repository
                  ./my-model                                              a local model folder
                  vllm+http://HOST:8000/v1#MODEL, tgi+http://HOST:8080     a scoring server
                  openai:davinci-002, openai:babbage-002                  OpenAI's API (OPENAI_API_KEY)""";
    }

    @Override
    public int run(List<String> allArgs, PrintStream out, PrintStream err) throws Exception {
        for (String a : allArgs) if (a.startsWith("-")) throw new UsageException("unknown option " + a);
        List<String> serverArgs = allArgs.stream().filter(ServerSpec::looksLikeServer).toList();
        List<String> args = allArgs.stream().filter(a -> !ServerSpec.looksLikeServer(a)).toList();
        if (!serverArgs.isEmpty() && args.isEmpty()) return probe(serverArgs, out, err);
        Catalog catalog = Catalog.standard();
        for (String a : args) {
            if (catalog.series(a).isEmpty() && !a.equalsIgnoreCase(DemoSeries.NAME)) {
                throw new UsageException("no series '" + a + "'; series: demo, "
                        + String.join(", ", catalog.series().stream().map(ModelSeries::name).toList()));
            }
        }
        HubClient hub = new HubClient(hubConfig, new JdkHttpTransport());
        Machine m = machine.orElseGet(Machine::detect);
        long freeDisk = ModelSizer.freeSpace(hubConfig.cacheDir());
        Footprints footprints = new Footprints(catalog, hub, new ModelSizer(m, freeDisk));
        ModelResolver resolver = new ModelResolver(catalog, demoDir, hub.cache());

        out.printf(Locale.ROOT, "This machine: %s memory (%s free), %d cores, about %.1f GFLOP/s measured%n",
                ModelSizer.gb(m.physicalBytes()), ModelSizer.gb(m.availableBytes()), m.cores(), m.gflops());
        out.printf("Hugging Face cache: %s (%s free)%s%n", hubConfig.cacheDir(), ModelSizer.gb(freeDisk),
                hubConfig.offline() ? ", offline (HF_HUB_OFFLINE)" : "");

        Set<String> listedRepos = new HashSet<>();
        if (args.isEmpty() || args.stream().anyMatch(a -> a.equalsIgnoreCase(DemoSeries.NAME))) {
            out.println();
            out.println("demo: the shipped demo series (offline, in " + demoDir + ")");
            try {
                for (ModelChoice c : DemoSeries.load(demoDir)) row(out, c.name(), c.totalParameters(), "shipped", footprints.estimate(c));
            } catch (IOException e) {
                out.println("  not available: " + e.getMessage());
            }
        }
        for (ModelSeries s : catalog.series()) {
            if (!args.isEmpty() && args.stream().noneMatch(s::answersTo)) continue;
            out.println();
            out.println(s.name() + ": " + s.title() + (s.pairedWith().map(p -> " (paired with " + p + ")").orElse("")));
            if (!s.note().isBlank()) out.println("  " + s.note());
            for (CatalogMember member : s.members()) {
                member.repo().ifPresent(listedRepos::add);
                listedRepos.addAll(member.alsoCachedAs());
                if (s.isReference()) {
                    row(out, member.name(), member.parameters(), "reference", Optional.empty());
                    continue;
                }
                if (s.isOpenAiApi()) {
                    row(out, member.name(), member.parameters(), "OpenAI", Optional.empty());
                    continue;
                }
                ModelChoice c = resolver.member(s, member, "main");
                Optional<Path> snapshot = c.source() instanceof ModelSource.Hub h
                        ? hub.cachedModel(h.ids(), h.revision()) : Optional.empty();
                row(out, member.name(), member.totalParameters(), snapshot.isPresent() ? "cached" : "",
                        snapshot.isPresent() ? footprints.onDisk(snapshot.get()) : footprints.estimate(c));
            }
        }
        if (args.isEmpty()) listOtherCached(out, hub.cache(), listedRepos);
        return serverArgs.isEmpty() ? Cli.OK : probe(serverArgs, out, err);
    }

    private int probe(List<String> serverArgs, PrintStream out, PrintStream err) throws UsageException {
        HubClient hub = new HubClient(hubConfig, new JdkHttpTransport());
        int status = Cli.OK;
        for (String a : serverArgs) {
            ServerSpec spec;
            try {
                spec = ServerSpec.parse(a);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            out.println();
            out.println(spec + ":");
            try (ScoringBackend b = servers.open(spec, hub)) {
                out.println("  ready to score " + b.displayName() + " (" + b.getClass().getSimpleName().replace("Backend", "")
                        + "; cache identity " + b.cacheIdentity() + ")");
                if (b instanceof RemoteBackend r) r.notes().forEach(n -> out.println("  note: " + n));
            } catch (IOException e) {
                out.println("  cannot score: " + e.getMessage());
                status = Cli.FAILED;
            }
        }
        return status;
    }

    private static void listOtherCached(PrintStream out, HubCache cache, Set<String> listed) throws IOException {
        List<HubCache.CachedRepo> others = cache.list().stream().filter(r -> !listed.contains(r.repoId())).toList();
        if (others.isEmpty()) return;
        out.println();
        out.println("Other models in the Hugging Face cache:");
        for (HubCache.CachedRepo r : others) {
            out.printf("  %-28s %9s on disk  %s%n", r.repoId(), ModelSizer.gb(r.bytes()),
                    r.refs().isEmpty() ? r.commits().size() + " snapshot(s)" : "revisions: " + String.join(", ", r.refs()));
        }
    }

    private static void row(PrintStream out, String name, long parameters, String status, Optional<SizeEstimate> e) {
        String size = parameters > 0 ? params(parameters) : "?";
        String fit = e.map(ModelsCommand::fit).orElse(switch (status) {
            case "reference" -> "listed for reference; cannot be scored";
            case "OpenAI" -> "scored on OpenAI's API (openai:" + name + ", needs OPENAI_API_KEY)";
            default -> "";
        });
        String weights = e.map(x -> ModelSizer.gb(x.weightBytes())).orElse("");
        out.printf("  %-26s %8s %9s  %-8s %s%n", name, size, weights, status, fit);
    }

    private static String fit(SizeEstimate e) {
        String time = String.format(Locale.ROOT, "~%s per 1k tokens", seconds(e.secondsPer1kTokens()));
        return switch (e.fit()) {
            case LOCAL -> "runs here, " + time;
            case TIGHT -> "runs here if other programs are closed (" + e.reason() + "), " + time;
            case SERVER -> "needs a server: " + e.reason();
            case NO_DISK -> "does not fit on the disk: " + e.reason();
        };
    }

    private static String seconds(double s) {
        if (s < 1) return String.format(Locale.ROOT, "%.1f s", s);
        if (s < 120) return String.format(Locale.ROOT, "%.0f s", s);
        return String.format(Locale.ROOT, "%.0f min", s / 60);
    }

    static String params(long n) {
        if (n >= 1_000_000_000L) return String.format(Locale.ROOT, n >= 10_000_000_000L ? "%.0fB" : "%.2fB", n / 1e9);
        if (n >= 1_000_000L) return String.format(Locale.ROOT, n >= 10_000_000L ? "%.0fM" : "%.2fM", n / 1e6);
        return String.format(Locale.ROOT, "%.0fK", n / 1e3);
    }
}
