package org.isstudio.ui.wiring;

import org.isstudio.eval.FewShotSweep;
import org.isstudio.eval.SeriesReport;
import org.isstudio.eval.cache.ScoreCache;
import org.isstudio.format.Fixtures;
import org.isstudio.model.FormAnswers;
import org.isstudio.model.ShotSelection;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.remote.catalog.Catalog;
import org.isstudio.remote.catalog.ModelResolver;
import org.isstudio.remote.http.JdkHttpTransport;
import org.isstudio.remote.hub.HubClient;
import org.isstudio.remote.hub.HubConfig;
import org.isstudio.testing.Golden;
import org.isstudio.ui.jobs.JobRunner;
import org.isstudio.ui.services.ModelInfo;
import org.isstudio.ui.services.ModelSeries;
import org.isstudio.ui.services.ModelState;
import org.isstudio.ui.services.RowScore;
import org.isstudio.ui.services.ScoringListener;
import org.isstudio.ui.services.ScoringService;
import org.isstudio.ui.testing.Fakes;
import org.isstudio.ui.services.TokenSequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The UI's scoring service on the real scheduler, engine and catalog, with golden tiny models as a demo series. */
class EvalScoringServiceTest {

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
    }

    private static String decoded(TokenSequence s, int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) b.append(s.text().apply(s.ids()[i]));
        return b.toString();
    }

    private static double sum(TokenSequence s) {
        double t = 0;
        for (float lp : s.logprobs()) t += lp;
        return t;
    }

    /** The golden tiny GPT-2 and GPT-Neo as a two-member demo series. */
    private static EvalScoringService service(Path dir, ScoreCache cache) throws Exception {
        Path demo = dir.resolve("demo");
        copy(Golden.tokenizerDir("gpt2"), demo.resolve("tokenizer"));
        copy(Golden.root().resolve("models/gpt2-tiny"), demo.resolve("a"));
        copy(Golden.root().resolve("models/gpt-neo-tiny"), demo.resolve("b"));
        HubClient hub = new HubClient(HubConfig.fromEnvironment(), new JdkHttpTransport());
        ModelResolver resolver = new ModelResolver(Catalog.standard(), demo, hub.cache());
        return new EvalScoringService(Catalog.standard(), resolver, hub, demo, cache, ContestExamples::of);
    }

    @Test
    void downloadProgressIsShownInBytes() {
        assertEquals("312 MB of 1.2 GB", EvalScoringService.transferred(312L << 20, 1288490189L));
        assertEquals("900 kB", EvalScoringService.transferred(900L << 10, -1));
        assertEquals("17 B", EvalScoringService.bytes(17));
    }

    @Test
    void scoresEveryRowOnEveryMemberOfTheDemoSeries(@TempDir Path dir) throws Exception {
        try (ScoreCache cache = ScoreCache.open(dir.resolve("cache"))) {
            EvalScoringService service = service(dir, cache);
            ModelSeries series = service.catalog().getFirst();
            assertTrue(series.available(), series.note());
            assertEquals(2, series.members().size());

            TaskProject project = Fakes.project(3);
            Recorder recorder = new Recorder(true);
            List<RowScore> scores = recorder.scores;
            List<String> events = recorder.events;
            ScoringService.Session session = service.start(project, series.members(), recorder);
            assertTrue(recorder.idle.tryAcquire(60, TimeUnit.SECONDS), "scoring finished: " + events);
            session.cancel();
            assertEquals(6, scores.size(), "3 rows x 2 models: " + events);
            for (ModelInfo m : series.members()) {
                List<String> mine = events.stream().filter(e -> e.startsWith(m.name() + " ")).toList();
                assertEquals(m.name() + " DOWNLOADED", mine.getFirst(), "the shipped models are on disk: " + events);
                assertEquals(m.name() + " DONE", mine.getLast(), events.toString());
                assertTrue(mine.indexOf(m.name() + " LOADING") < mine.indexOf(m.name() + " SCORING"), events.toString());
            }
            for (RowScore s : scores) {
                assertTrue(s.value() > 0 && Double.isFinite(s.value()), "a loss: " + s);
                assertTrue(s.totalLogprob() < 0, "log of the mass on the classes: " + s);
                assertEquals(2, s.sequences().size(), "one scored sequence per class: " + s);
                TokenSequence yes = s.sequences().get(0);
                TokenSequence no = s.sequences().get(1);
                assertEquals("q" + s.rowId().substring(1), decoded(yes, 0, yes.from()), "the prompt, decoded by the model's tokenizer");
                assertEquals(" yes", decoded(yes, yes.from(), yes.ids().length));
                assertEquals(" no", decoded(no, no.from(), no.ids().length));
                double sy = sum(yes), sn = sum(no);
                assertEquals(Math.exp(sy) / (Math.exp(sy) + Math.exp(sn)), s.classProbabilities().getFirst(), 1e-6,
                        "the class probabilities are the softmax of the continuations' summed token log-probabilities");
            }
        }
    }

    @Test
    void aModelThisServiceDidNotResolveStopsTheSessionWithItsName(@TempDir Path dir) throws Exception {
        try (ScoreCache cache = ScoreCache.open(dir.resolve("cache"))) {
            EvalScoringService service = service(dir, cache);
            Recorder recorder = new Recorder(true);
            ScoringService.Session session = service.start(Fakes.project(1), List.of(new ModelInfo("elsewhere", "elsewhere", "x", 1)), recorder);
            Throwable error = recorder.failure.get(30, TimeUnit.SECONDS);
            session.cancel();
            assertEquals("model elsewhere was not resolved by this back end", error.getMessage());
        }
    }

    @Test
    void aFewShotSweepScoresEachVariantOnTheRealEngine(@TempDir Path dir) throws Exception {
        try (ScoreCache cache = ScoreCache.open(dir.resolve("cache"))) {
            EvalScoringService service = service(dir, cache);
            List<ModelInfo> members = service.catalog().getFirst().members();
            TaskPart part = Fixtures.templatedPart(5, 0, ShotSelection.FIRST_N, 1);
            TaskProject project = new TaskProject("sweep", FormAnswers.empty(), List.of(part), List.of());
            List<Double> progress = Collections.synchronizedList(new ArrayList<>());
            FewShotSweep sweep = service.sweep(project, part, List.of(0, 1, 2, 4), members, context(progress, false));

            assertEquals(List.of(0, 1, 2, 4), sweep.steps().stream().map(FewShotSweep.Step::shots).toList());
            for (FewShotSweep.Step step : sweep.steps()) {
                assertEquals(5, step.report().examples());
                assertEquals(List.of(5, 5), step.report().models().stream().map(SeriesReport.ModelReport::scored).toList(),
                        "every row scored on both models at k=" + step.shots());
                assertTrue(Double.isFinite(step.report().trend().slopePerDecade()), "k=" + step.shots());
            }
            assertTrue(sweep.steps().get(0).report().models().getFirst().mean()
                    != sweep.steps().get(3).report().models().getFirst().mean(), "demonstrations change the prompts scored");
            assertEquals(1.0, progress.getLast(), 1e-12, "progress reaches the end: " + progress);

            assertThrows(java.util.concurrent.CancellationException.class,
                    () -> service.sweep(project, part, List.of(0, 1), members, context(progress, true)));
        }
    }

    @Test
    void aSweepDuringLiveScoringGoesThroughTheLiveQueueAndUsesTheModelItHasOpen(@TempDir Path dir) throws Exception {
        try (ScoreCache cache = ScoreCache.open(dir.resolve("cache"))) {
            EvalScoringService service = service(dir, cache);
            List<ModelInfo> members = service.catalog().getFirst().members().stream()
                    .sorted(java.util.Comparator.comparingLong(ModelInfo::parameters)).toList();
            ModelInfo small = members.getFirst(), large = members.getLast();
            TaskPart part = Fixtures.templatedPart(5, 0, ShotSelection.FIRST_N, 1);
            TaskProject project = new TaskProject("sweep", FormAnswers.empty(), List.of(part), List.of());
            // DOWNLOADED is said by the session before scoring, on its planner
            Recorder recorder = new Recorder(false);
            List<String> events = recorder.events;
            java.util.Set<String> threads = recorder.threads;
            java.util.concurrent.Semaphore idle = recorder.idle;
            ScoringService.Session live = service.start(project, members, recorder);
            assertTrue(idle.tryAcquire(60, TimeUnit.SECONDS), "live scoring finished: " + events);
            assertEquals(List.of(small.name() + " LOADING", small.name() + " SCORING", small.name() + " DONE",
                    large.name() + " LOADING", large.name() + " SCORING", large.name() + " DONE"), events,
                    "smallest first, one at a time; the largest stays open for the next edit");
            events.clear();
            idle.drainPermits();

            FewShotSweep sweep = service.sweep(project, part, List.of(0, 1, 2), members, context(new ArrayList<>(), false));
            assertTrue(idle.tryAcquire(60, TimeUnit.SECONDS), "the live session is idle again once the sweep left the queue");
            live.cancel();

            assertEquals(List.of(large.name() + " DONE", small.name() + " LOADING", small.name() + " SCORING",
                    small.name() + " DONE"), events, "the live session hears the sweep's work: it is scored on the open "
                    + "largest model first (no second copy, no reload), and the smallest is loaded only after it");
            assertEquals(java.util.Set.of("isstudio-evaluation"), threads, "one scheduler thread scored both");
            assertEquals(List.of(0, 1, 2), sweep.steps().stream().map(FewShotSweep.Step::shots).toList());
            for (FewShotSweep.Step step : sweep.steps()) {
                assertEquals(List.of(5, 5), step.report().models().stream().map(SeriesReport.ModelReport::scored).toList(),
                        "every row scored on both models at k=" + step.shots());
            }
        }
    }

    /** What a session tells its listener: model states as "name STATE", scores, idle moments, the failure. */
    private static final class Recorder implements ScoringListener {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<RowScore> scores = Collections.synchronizedList(new ArrayList<>());
        final java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final java.util.concurrent.Semaphore idle = new java.util.concurrent.Semaphore(0);
        final CompletableFuture<Throwable> failure = new CompletableFuture<>();
        private final boolean withDownloaded;

        Recorder(boolean withDownloaded) {
            this.withDownloaded = withDownloaded;
        }

        @Override
        public void modelState(ModelInfo model, ModelState state, double fraction, String detail) {
            if (state == ModelState.DOWNLOADED && !withDownloaded) return;
            events.add(model.name() + " " + state);
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void scored(List<RowScore> batch) {
            scores.addAll(batch);
        }

        @Override
        public void progress(long done, long total) {
        }

        @Override
        public void idle() {
            idle.release();
        }

        @Override
        public void failed(Throwable error) {
            events.add("failed " + error);
            failure.complete(error);
        }
    }

    private static JobRunner.Context context(List<Double> progress, boolean cancelled) {
        return new JobRunner.Context() {
            @Override
            public void progress(double fraction, String message) {
                progress.add(fraction);
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }
        };
    }
}
