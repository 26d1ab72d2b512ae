package org.isstudio.remote.catalog;

import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.engine.load.HfConfig;
import org.isstudio.remote.hub.HubCache;
import org.isstudio.remote.hub.HubClient;
import org.isstudio.remote.scoring.OpenAiApiBackend;
import org.isstudio.remote.scoring.ServerSpec;
import org.isstudio.remote.sizing.ParameterCount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what users type after {@code --models} into models, in this order of precedence:
 * <ol>
 *   <li>a server: {@code [openai+|vllm+|sglang+|tgi+]http(s)://host[:port][/v1]#MODEL}, or OpenAI's API,
 *       {@code openai:MODEL};</li>
 *   <li>an existing model folder (as transformers' from_pretrained prefers a local folder over a Hub id);</li>
 *   <li>{@code demo}, the shipped series, or {@code demo..MEMBER};</li>
 *   <li>a range of a catalog series: {@code pythia..1b}, {@code pythia-160m..1.4b}, {@code gpt2..gpt2-large},
 *       {@code opt..} (to the largest); the upper end is a member's name, alias or size label;</li>
 *   <li>a catalog model ({@code pythia-410m}, {@code gpt2-medium}, optionally {@code @revision});</li>
 *   <li>a catalog series name, for the whole series ({@code pythia}); {@code gpt2} is the contest's name for
 *       the 124M model and so selects that model, {@code gpt2..} the series;</li>
 *   <li>any other Hub repository id, optionally {@code @revision}.</li>
 * </ol>
 * Several can be given separated by commas; a model named twice is kept once.
 */
public final class ModelResolver {

    private final Catalog catalog;
    private final Path demoDir;
    private final HubCache cache;

    public ModelResolver(Catalog catalog, Path demoDir, HubCache cache) {
        this.catalog = catalog;
        this.demoDir = demoDir;
        this.cache = cache;
    }

    /** The catalog it resolves names in. */
    public Catalog catalog() {
        return catalog;
    }

    public List<ModelChoice> resolveAll(String commaSeparated) throws IOException {
        Map<String, ModelChoice> out = new LinkedHashMap<>();
        for (String part : commaSeparated.split(",")) {
            if (part.isBlank()) continue;
            for (ModelChoice c : resolve(part.strip())) out.putIfAbsent(key(c), c);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no models named");
        return List.copyOf(out.values());
    }

    private static String key(ModelChoice c) {
        return switch (c.source()) {
            case ModelSource.Folder f -> f.weightsDir().toAbsolutePath().normalize().toString();
            case ModelSource.Hub h -> h.repo() + "@" + h.revision();
            case ModelSource.Server s -> s.spec().toString();
        };
    }

    /** One word of the list. */
    public List<ModelChoice> resolve(String word) throws IOException {
        if (ServerSpec.looksLikeServer(word)) return List.of(server(ServerSpec.parse(word)));
        Path folder = Path.of(expandHome(word));
        if (Files.isDirectory(folder) && Files.isRegularFile(folder.resolve("config.json"))) return List.of(localFolder(folder));
        if (Files.isDirectory(folder) && (word.contains("/") || word.startsWith("."))) {
            throw new IllegalArgumentException(folder + " is a folder without config.json, so not a model folder");
        }
        int range = word.indexOf("..");
        if (range >= 0 && !word.contains("/")) return range(word, word.substring(0, range), word.substring(range + 2));
        if (word.equalsIgnoreCase(DemoSeries.NAME)) return DemoSeries.load(demoDir);

        String name = word;
        String revision = "main";
        int at = word.indexOf('@');
        if (at > 0) {
            name = word.substring(0, at);
            revision = word.substring(at + 1);
            if (revision.isBlank()) throw new IllegalArgumentException("'" + word + "': nothing after '@' (a branch, tag or commit)");
        }
        Optional<Catalog.Entry> entry = catalog.member(name);
        if (entry.isPresent()) return List.of(member(entry.get().series(), entry.get().member(), revision));
        if (at < 0) {
            Optional<ModelSeries> series = catalog.series(name);
            if (series.isPresent()) return members(series.get(), 0, series.get().members().size() - 1);
        }
        try {
            HubClient.validateRepoId(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + word + "' is not a model folder, a catalog model or series "
                    + "(isstudio models lists them), a Hub repository id or a server URL");
        }
        return List.of(hubModel(name, revision));
    }

    private List<ModelChoice> range(String word, String from, String to) throws IOException {
        if (from.equalsIgnoreCase(DemoSeries.NAME)) {
            List<ModelChoice> demo = DemoSeries.load(demoDir);
            if (to.isEmpty()) return demo;
            for (int i = 0; i < demo.size(); i++) {
                if (demo.get(i).name().equalsIgnoreCase(to) || demo.get(i).name().equalsIgnoreCase("demo-" + to)) {
                    return demo.subList(0, i + 1);
                }
            }
            throw new IllegalArgumentException("'" + word + "': the demo series has no member '" + to + "' (it has "
                    + String.join(", ", demo.stream().map(ModelChoice::name).toList()) + ")");
        }
        ModelSeries series;
        int start;
        Optional<ModelSeries> named = catalog.series(from);
        if (named.isPresent()) {
            series = named.get();
            start = 0;
        } else {
            Catalog.Entry e = catalog.member(from).orElseThrow(() -> new IllegalArgumentException("'" + word + "': '" + from
                    + "' is neither a catalog series nor a catalog model (isstudio models lists them)"));
            series = e.series();
            start = series.members().indexOf(e.member());
        }
        int end = series.members().size() - 1;
        if (!to.isEmpty()) {
            CatalogMember last = series.member(to).orElseThrow(() -> new IllegalArgumentException("'" + word + "': series "
                    + series.name() + " has no member '" + to + "' (sizes: "
                    + String.join(", ", series.members().stream().map(CatalogMember::size).toList()) + ")"));
            end = series.members().indexOf(last);
        }
        if (end < start) throw new IllegalArgumentException("'" + word + "': the range ends below where it starts");
        return members(series, start, end);
    }

    private List<ModelChoice> members(ModelSeries series, int from, int to) {
        List<ModelChoice> out = new ArrayList<>();
        for (CatalogMember m : series.members().subList(from, to + 1)) out.add(member(series, m, "main"));
        return out;
    }

    /** A catalog member as a model to score: a Hub model, or for OpenAI's API the server that serves it. */
    public ModelChoice member(ModelSeries series, CatalogMember m, String revision) {
        if (series.isReference()) {
            throw new IllegalArgumentException(m.name() + " (" + series.title() + ") cannot be scored: " + series.note());
        }
        if (series.isOpenAiApi()) {
            if (!revision.equals("main")) throw new IllegalArgumentException(m.name() + " is served by OpenAI and has no revisions");
            return new ModelChoice(m.name(), series.name(), m.parameters(), m.totalParameters(),
                    new ModelSource.Server(ServerSpec.parse("openai:" + m.name())));
        }
        String name = revision.equals("main") ? m.name() : m.name() + "@" + revision;
        String repo = m.repo().orElseThrow(() -> new IllegalArgumentException(m.name() + " names no Hub repository"));
        return new ModelChoice(name, series.name(), m.parameters(), m.totalParameters(),
                new ModelSource.Hub(repo, revision, m.alsoCachedAs()));
    }

    /** A Hub model outside the catalog: its size is known once its config is cached. */
    private ModelChoice hubModel(String repo, String revision) throws IOException {
        String name = revision.equals("main") ? repo : repo + "@" + revision;
        ModelChoice c = new ModelChoice(name, "", -1, -1, new ModelSource.Hub(repo, revision, List.of()));
        Optional<Path> config = cache.cachedFile(repo, revision, "config.json");
        return config.isPresent() ? withCountsFrom(c, config.get().getParent()) : c;
    }

    private ModelChoice server(ServerSpec spec) {
        ModelChoice c = new ModelChoice(spec.displayName(), "", -1, -1, new ModelSource.Server(spec));
        // a served catalog model (vllm+http://gpu:8000/v1#EleutherAI/pythia-12b, openai:davinci-002) keeps its plot
        // position, and OpenAI's models their series; a fine-tune of one of those is as large as its base model
        boolean openAi = spec.protocol() == ServerSpec.Protocol.OPENAI_API;
        return spec.model().map(m -> openAi ? OpenAiApiBackend.baseModel(m) : m).flatMap(catalog::member).map(e -> {
            String series = e.series().isOpenAiApi() && e.member().answersTo(c.name()) ? e.series().name() : "";
            return new ModelChoice(c.name(), series, e.member().parameters(), e.member().totalParameters(), c.source());
        }).orElse(c);
    }

    private static ModelChoice localFolder(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        ModelChoice c = new ModelChoice(abs.getFileName().toString(), "", -1, -1,
                new ModelSource.Folder(abs, abs, "folder:" + abs));
        return withCountsFrom(c, abs);
    }

    private static ModelChoice withCountsFrom(ModelChoice c, Path folder) throws IOException {
        Optional<ParameterCount> count = ParameterCount.of(HfConfig.read(folder));
        return count.map(p -> c.withParameters(p.total(), p.total())).orElse(c);
    }

    /**
     * Makes a model available on disk: a Hub model is taken from the cache (under any of its ids) or downloaded;
     * folders are returned as they are. Servers have no folder.
     */
    public ModelChoice ensureLocal(ModelChoice choice, HubClient hub, Progress progress, Cancellation cancel) throws IOException {
        if (!(choice.source() instanceof ModelSource.Hub h)) return choice;
        Path dir = null;
        // a copy cached under the current id still goes through downloadModel, which follows a moved branch; one
        // downloaded under an older id (models--gpt2) is used as it is, which saves gigabytes
        if (hub.cachedModel(h.repo(), h.revision()).isEmpty()) dir = hub.cachedModel(h.alsoCachedAs(), h.revision()).orElse(null);
        if (dir == null) dir = hub.downloadModel(h.repo(), h.revision(), progress, cancel);
        String commit = dir.getFileName().toString();
        String repo = dir.getParent().getParent().getFileName().toString().substring("models--".length()).replace("--", "/");
        ModelChoice local = choice.withSource(new ModelSource.Folder(dir, dir, "hub:" + repo + "@" + commit));
        if (local.parameters() > 0) return local;
        return withCountsFrom(local, dir);
    }

    /**
     * Learns the parameter count of a model outside the catalog (the plot's x) without downloading its weights:
     * only config.json is fetched, for a Hub model or for a server whose served name is a Hub id. Returns the
     * choice unchanged when the size is already known or cannot be learned.
     */
    public ModelChoice learnSize(ModelChoice choice, HubClient hub, Cancellation cancel) throws IOException {
        if (choice.parameters() > 0) return choice;
        String repo;
        String revision = "main";
        switch (choice.source()) {
            case ModelSource.Hub h -> {
                repo = h.repo();
                revision = h.revision();
            }
            case ModelSource.Server s -> {
                Optional<String> model = s.spec().model();
                if (model.isEmpty() || !HubClient.isRepoId(model.get())) return choice;
                repo = model.get();
            }
            case ModelSource.Folder f -> {
                return withCountsFrom(choice, f.weightsDir());
            }
        }
        Path config = hub.download(repo, revision, "config.json", Progress.NONE, cancel);
        return withCountsFrom(choice, config.getParent());
    }

    private static String expandHome(String p) {
        return p.startsWith("~/") ? System.getProperty("user.home") + p.substring(1) : p;
    }
}
