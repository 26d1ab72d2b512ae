package org.isstudio.ui.wiring;

import org.isstudio.engine.tokenizer.Tokenizer;
import org.isstudio.eval.EvalItem;
import org.isstudio.eval.EvalModel;
import org.isstudio.eval.EvalModels;
import org.isstudio.eval.EvaluationListener;
import org.isstudio.eval.EvaluationScheduler;
import org.isstudio.eval.ExampleScore;
import org.isstudio.eval.FewShotSweep;
import org.isstudio.eval.ProjectItems;
import org.isstudio.eval.SeriesReport;
import org.isstudio.eval.TaskRun;
import org.isstudio.eval.stats.PairedBootstrap;
import org.isstudio.eval.ItemResult;
import org.isstudio.eval.cache.ScoreCache;
import org.isstudio.model.Example;
import org.isstudio.model.PartKind;
import org.isstudio.model.Row;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;
import org.isstudio.remote.catalog.Catalog;
import org.isstudio.remote.catalog.CatalogMember;
import org.isstudio.remote.catalog.DemoSeries;
import org.isstudio.remote.catalog.ModelChoice;
import org.isstudio.remote.catalog.ModelResolver;
import org.isstudio.remote.hub.HubClient;
import org.isstudio.ui.jobs.JobRunner;
import org.isstudio.ui.services.ModelInfo;
import org.isstudio.ui.services.ModelSeries;
import org.isstudio.ui.services.ModelState;
import org.isstudio.ui.services.RowScore;
import org.isstudio.ui.services.ScoringListener;
import org.isstudio.ui.services.ScoringService;
import org.isstudio.ui.services.TokenSequence;
import org.isstudio.ui.stats.FewShotScorer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The UI's scoring service on eval's {@link EvaluationScheduler}: models come from remote's catalog and
 * resolver through eval's {@link EvalModels}; every project change becomes a new plan, which the scheduler
 * scores incrementally (with the persistent score cache) while the author goes on editing. Live sessions and
 * few-shot sweeps share one scheduler through the {@link ScoringQueue}, so one model is open at a time.
 */
public final class EvalScoringService implements ScoringService, FewShotScorer {

    /** The sweep's intervals: the command line's default resamples, a fixed seed so a rerun reads the same. */
    private static final PairedBootstrap SWEEP_BOOTSTRAP = new PairedBootstrap(1000, 42, 0.95);

    /** Turns a part's rows into the examples to score (rows that cannot be scored are left out). */
    @FunctionalInterface
    public interface Examples {
        Map<String, Example> of(TaskPart part);
    }

    private final Catalog catalog;
    private final ModelResolver resolver;
    private final EvalModels models;
    private final HubClient hub;
    private final Path demoDir;
    private final Examples examples;
    /** Live sessions and sweeps score through it: one model open at a time for the whole application. */
    private final ScoringQueue queue;
    /** Numbers each sweep, whose items go on the queue under series names of its own. */
    private final java.util.concurrent.atomic.AtomicLong sweeps = new java.util.concurrent.atomic.AtomicLong();
    /** What each ModelInfo the UI holds was resolved from. */
    private final Map<String, ModelChoice> choices = new ConcurrentHashMap<>();

    public EvalScoringService(Catalog catalog, ModelResolver resolver, HubClient hub, Path demoDir, ScoreCache cache,
                              Examples examples) {
        this.catalog = catalog;
        this.resolver = resolver;
        this.hub = hub;
        this.models = new EvalModels(resolver, hub);
        this.demoDir = demoDir;
        this.queue = new ScoringQueue(cache);
        this.examples = examples;
    }

    @Override
    public List<ModelSeries> catalog() {
        List<ModelSeries> out = new ArrayList<>();
        try {
            List<ModelInfo> demo = DemoSeries.load(demoDir).stream().map(this::info).toList();
            out.add(new ModelSeries("Demo series", "Tiny GPT-2 models shipped with the application; scores offline in seconds",
                    demo, true, ""));
        } catch (IOException e) {
            out.add(new ModelSeries("Demo series", "Tiny GPT-2 models shipped with the application", List.of(), false,
                    e.getMessage()));
        }
        for (org.isstudio.remote.catalog.ModelSeries s : catalog.series()) {
            if (s.isReference()) continue;
            List<ModelInfo> members = new ArrayList<>();
            for (CatalogMember m : s.members()) members.add(info(resolver.member(s, m, "main")));
            out.add(new ModelSeries(s.title(), s.title() + (s.note().isEmpty() ? "" : " — " + s.note()), members, false,
                    s.isOpenAiApi() ? "scored on OpenAI's API with OPENAI_API_KEY" : "downloaded from the Hugging Face Hub on first use"));
        }
        return out;
    }

    private ModelInfo info(ModelChoice c) {
        choices.put(c.name(), c);
        return new ModelInfo(c.name(), c.name(), c.series().isEmpty() ? c.name() : c.series(), c.parameters());
    }

    @Override
    public ModelInfo resolve(String reference) throws IOException {
        List<ModelChoice> found = resolver.resolve(reference);
        if (found.size() != 1) throw new IOException("'" + reference + "' names " + found.size() + " models; add them one at a time");
        ModelChoice c = found.getFirst();
        if (c.parameters() <= 0) c = resolver.learnSize(c, hub, org.isstudio.engine.Cancellation.NONE);
        return info(c);
    }

    /** The models this service resolved, as eval opens them; a model it never resolved is a caller's mistake. */
    private List<EvalModel> evalModels(List<ModelInfo> chosen, org.isstudio.engine.Cancellation cancelled) throws IOException {
        List<EvalModel> out = new ArrayList<>();
        for (ModelInfo m : chosen) {
            ModelChoice c = choices.get(m.id());
            if (c == null) throw new IllegalArgumentException("model " + m.id() + " was not resolved by this back end");
            out.add(models.model(c, cancelled));
        }
        return out;
    }

    @Override
    public Session start(TaskProject project, List<ModelInfo> chosen, ScoringListener listener) {
        Run run = new Run(chosen, listener);
        run.reportStored();
        run.update(project);
        return run;
    }

    /**
     * The variants go on the live session's queue (see {@link ScoringQueue}) under series names of their own, so
     * they are scored on each model while it is open for live scoring, and never beside it; the score cache makes
     * k = 0 of a zero-shot template free. {@code evaluate --shots} builds the same steps.
     */
    @Override
    public FewShotSweep sweep(TaskProject project, TaskPart part, List<Integer> shots, List<ModelInfo> chosen,
                              JobRunner.Context context) throws Exception {
        TaskProject alone = project.withParts(List.of(part));
        Object owner = new Object();
        long sweep = sweeps.incrementAndGet();
        List<TaskRun.Series> variants = new ArrayList<>();
        List<Integer> ks = new ArrayList<>();
        for (int k : shots) {
            for (TaskRun.Series s : ProjectItems.withShots(alone, k)) {
                List<EvalItem> items = s.items().stream().map(i -> new EvalItem(
                        new EvalItem.Key("few-shot sweep " + sweep + " k=" + k + " " + i.key().series(),
                                i.key().row()), i.example())).toList();
                variants.add(new TaskRun.Series(s.name(), s.type(), items));
                ks.add(k);
            }
        }
        List<EvalModel> evalModels = evalModels(chosen, context::isCancelled);
        List<EvalItem> items = variants.stream().flatMap(s -> s.items().stream()).toList();
        queue.put(owner, evalModels, items, (model, results) -> {
            // read from the queue's results when every variant is scored
        });
        try {
            long total = (long) items.size() * evalModels.size();
            boolean idle = false;
            while (true) {
                long done = scored(evalModels, items);
                context.progress(total == 0 ? 1 : (double) done / total, done + " of " + total + " scored");
                // idle: whatever is still missing failed (a model that cannot be opened), and the report says so
                if (done == total || idle) break;
                idle = queue.awaitIdle(200);
                context.checkCancelled();
            }
            context.checkCancelled();
            List<FewShotSweep.Step> steps = new ArrayList<>();
            for (int i = 0; i < variants.size(); i++) {
                TaskRun.Series s = variants.get(i);
                steps.add(new FewShotSweep.Step(ks.get(i), SeriesReport.build(s.name(), s.type(), false, evalModels,
                        s.items(), queue::results, SWEEP_BOOTSTRAP, List.of())));
            }
            return FewShotSweep.of(steps);
        } finally {
            queue.remove(owner);
        }
    }

    /** (model, item) pairs with a current result. */
    private long scored(List<EvalModel> on, List<EvalItem> items) {
        long done = 0;
        for (EvalModel m : on) {
            Map<EvalItem.Key, ItemResult> r = queue.results(m.id());
            for (EvalItem i : items) {
                ItemResult x = r.get(i.key());
                if (x != null && x.example().equals(i.example())) done++;
            }
        }
        return done;
    }

    private boolean isCached(org.isstudio.remote.catalog.ModelSource.Hub h) {
        try {
            return hub.cachedModel(h.ids(), h.revision()).isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /** "312 MB of 1.2 GB", or what is known of it. */
    static String transferred(long done, long total) {
        return total > 0 ? bytes(done) + " of " + bytes(total) : bytes(done);
    }

    static String bytes(long n) {
        if (n >= 1L << 30) return String.format(java.util.Locale.ROOT, "%.1f GB", n / (double) (1L << 30));
        if (n >= 1L << 20) return String.format(java.util.Locale.ROOT, "%.0f MB", n / (double) (1L << 20));
        if (n >= 1L << 10) return String.format(java.util.Locale.ROOT, "%.0f kB", n / (double) (1L << 10));
        return n + " B";
    }

    private static String series(TaskPart p) {
        return p.kind() + ":" + p.number();
    }

    /** One session: its claim on the queue, and the rows each planned example came from. */
    private final class Run implements Session, EvaluationListener {
        private final List<ModelInfo> chosen;
        private final ScoringListener listener;
        private final Map<String, ModelInfo> byId = new HashMap<>();
        private volatile Map<EvalItem.Key, Planned> plan = Map.of();
        private volatile List<EvalModel> evalModels;
        /** Each opened model's token texts, for the token view of its results. */
        private final Map<String, TokenTexts> texts = new ConcurrentHashMap<>();

        private record Planned(PartKind kind, int number, TaskType type, Row row, Example example) {
        }

        Run(List<ModelInfo> chosen, ScoringListener listener) {
            this.chosen = List.copyOf(chosen);
            this.listener = listener;
            for (ModelInfo m : chosen) byId.put(m.id(), m);
        }

        private List<EvalModel> evalModels() {
            if (evalModels == null) {
                try {
                    evalModels = EvalScoringService.this.evalModels(chosen, () -> cancelled);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return evalModels;
        }

        private volatile boolean cancelled;
        /** The newest project not yet planned; rendering 10,000 rows must not hold up the FX thread. */
        private final java.util.concurrent.atomic.AtomicReference<TaskProject> pending = new java.util.concurrent.atomic.AtomicReference<>();
        private final java.util.concurrent.ExecutorService planner = java.util.concurrent.Executors.newSingleThreadExecutor(
                r -> Thread.ofPlatform().name("isstudio-planner").daemon().unstarted(r));

        /** Before anything is scored: which models wait on this disk and which have to be fetched first. */
        void reportStored() {
            planner.execute(() -> {
                for (ModelInfo m : chosen) {
                    ModelChoice c = choices.get(m.id());
                    boolean stored = c == null || switch (c.source()) {
                        case org.isstudio.remote.catalog.ModelSource.Folder f -> true;
                        case org.isstudio.remote.catalog.ModelSource.Server s -> false;
                        case org.isstudio.remote.catalog.ModelSource.Hub h -> isCached(h);
                    };
                    if (cancelled) return;
                    listener.modelState(m, stored ? ModelState.DOWNLOADED : ModelState.QUEUED, 0,
                            c != null && c.source() instanceof org.isstudio.remote.catalog.ModelSource.Hub && !stored
                                    ? "downloaded from the Hub when its turn comes" : "");
                }
            });
        }

        @Override
        public void update(TaskProject project) {
            // edits in a burst become one plan: each task plans whatever is newest, later tasks find nothing
            if (pending.getAndSet(project) == null) {
                planner.execute(() -> {
                    TaskProject p = pending.getAndSet(null);
                    if (p != null) plan(p);
                });
            }
        }

        private void plan(TaskProject project) {
            Map<EvalItem.Key, Planned> next = new LinkedHashMap<>();
            List<EvalItem> items = new ArrayList<>();
            for (TaskPart part : project.parts()) {
                Map<String, Example> ex = examples.of(part);
                for (Row r : part.rows()) {
                    Example e = ex.get(r.id());
                    if (e == null) continue;
                    EvalItem.Key key = new EvalItem.Key(series(part), r.id());
                    next.put(key, new Planned(part.kind(), part.number(), part.taskType(), r, e));
                    items.add(new EvalItem(key, e));
                }
            }
            plan = next;
            try {
                List<EvalModel> on = evalModels();
                // a cancel in between must not be followed by this claim
                synchronized (this) {
                    if (!cancelled) queue.put(this, on, items, this);
                }
            } catch (RuntimeException e) {
                listener.failed(e);
            }
        }

        @Override
        public void pause() {
            queue.pause(this);
        }

        @Override
        public void resume() {
            queue.resume(this);
        }

        @Override
        public void cancel() {
            synchronized (this) {
                cancelled = true;
            }
            planner.shutdownNow();
            // returns at once: the queue aborts the batch in flight on its own thread
            queue.remove(this);
        }

        private ModelInfo info(EvalModel m) {
            ModelInfo i = byId.get(m.id());
            return i != null ? i : new ModelInfo(m.id(), m.name(), m.family(), m.parameters());
        }

        @Override
        public void modelOpening(EvalModel model, double fraction) {
            listener.modelState(info(model), fraction >= 0 && fraction < 1 ? ModelState.DOWNLOADING : ModelState.LOADING,
                    fraction, fraction >= 0 && fraction < 1 ? Math.round(fraction * 100) + "%" : "");
        }

        @Override
        public void modelTransfer(EvalModel model, long done, long total) {
            // the bytes stop when the download is complete; the weights are then loaded
            if (total > 0 && done >= total) {
                listener.modelState(info(model), ModelState.LOADING, -1, "");
            } else {
                listener.modelState(info(model), ModelState.DOWNLOADING, total > 0 ? (double) done / total : -1,
                        transferred(done, total));
            }
        }

        @Override
        public void modelWarning(EvalModel model, String warning) {
            listener.modelState(info(model), ModelState.TOO_BIG, -1, warning);
        }

        @Override
        public void modelOpened(EvalModel model, Tokenizer tokenizer) {
            texts.put(model.id(), new TokenTexts(tokenizer));
        }

        @Override
        public void modelScoring(EvalModel model) {
            listener.modelState(info(model), ModelState.SCORING, -1, "");
        }

        @Override
        public void modelDone(EvalModel model) {
            listener.modelState(info(model), ModelState.DONE, 1, "");
        }

        @Override
        public void modelFailed(EvalModel model, Exception error) {
            listener.modelState(info(model), ModelState.FAILED, 0, String.valueOf(error.getMessage()));
        }

        @Override
        public void scored(EvalModel model, List<ItemResult> results) {
            Map<EvalItem.Key, Planned> current = plan;
            List<RowScore> out = new ArrayList<>();
            for (ItemResult r : results) {
                Planned p = current.get(r.key());
                if (p == null || !r.ok() || !p.example().equals(r.example())) continue;
                out.add(rowScore(model.id(), p, r.score(), texts.get(model.id())));
            }
            if (!out.isEmpty()) listener.scored(out);
        }

        @Override
        public void progress(long done, long total) {
            listener.progress(done, total);
        }

        @Override
        public void idle() {
            listener.idle();
        }
    }

    /** @param text the model's token texts, or null when it was never opened (no token detail then) */
    private static RowScore rowScore(String modelId, Run.Planned p, ExampleScore s, TokenTexts text) {
        double correct = switch (s) {
            case ExampleScore.Classification c -> c.metrics().correct() ? 1 : 0;
            case ExampleScore.Logodds l -> l.metrics().correct() ? 1 : 0;
            case ExampleScore.SequenceProb q -> Double.NaN;
        };
        double total = switch (s) {
            case ExampleScore.Classification c -> c.metrics().totalLogprob();
            case ExampleScore.Logodds l -> l.metrics().totalLogprob();
            case ExampleScore.SequenceProb q -> Double.NaN;
        };
        List<Double> probabilities = s instanceof ExampleScore.Classification c ? normalised(c.classLogprobs()) : List.of();
        List<TokenSequence> sequences = text == null ? List.of() : s.tokens().stream()
                .map(t -> new TokenSequence(t.tokens(), t.from(), t.logprobs(), text)).toList();
        return new RowScore(p.kind(), p.number(), p.row().id(), p.row().cells(), modelId, s.value(p.type()), correct, total,
                probabilities, sequences);
    }

    /** softmax(s): the class probabilities the contest's loss is computed from (prize spec §3.2, step 4). */
    static List<Double> normalised(double[] logprobs) {
        double max = java.util.Arrays.stream(logprobs).max().orElse(0);
        double sum = 0;
        for (double l : logprobs) sum += Math.exp(l - max);
        List<Double> out = new ArrayList<>(logprobs.length);
        for (double l : logprobs) out.add(Math.exp(l - max) / sum);
        return out;
    }
}
