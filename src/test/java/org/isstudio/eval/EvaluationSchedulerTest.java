package org.isstudio.eval;

import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.engine.ScoreRequest;
import org.isstudio.eval.cache.ScoreCache;
import org.isstudio.model.Example;
import org.isstudio.model.TaskType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationSchedulerTest {

    @TempDir
    Path cacheDir;

    private final WordTokenizer tokenizer = new WordTokenizer(false);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    /** Every backend any opener made, by model id, to count what reached the "engine". */
    private final Map<String, List<FakeBackend>> opened = new ConcurrentHashMap<>();
    private final AtomicInteger openNow = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) c.close();
    }

    private final Map<String, Double> strengths = new ConcurrentHashMap<>();

    private EvalModel model(String name, long params, double strength, long delayMillis) {
        strengths.put(name, strength);
        return new EvalModel(name, name, "fake", params, (progress, cancel) -> {
            FakeBackend b = new FakeBackend(name, strength, tokenizer);
            opened.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(b);
            maxOpen.accumulateAndGet(openNow.incrementAndGet(), Math::max);
            return new SlowBackend(b, delayMillis);
        });
    }

    /** Delays every request (polling the cancel signal like the engine does between batches). */
    private final class SlowBackend implements ScoringBackend {
        final FakeBackend inner;
        final long delay;

        SlowBackend(FakeBackend inner, long delay) {
            this.inner = inner;
            this.delay = delay;
        }

        @Override public String displayName() { return inner.displayName(); }
        @Override public String cacheIdentity() { return inner.cacheIdentity(); }
        @Override public org.isstudio.engine.tokenizer.Tokenizer tokenizer() { return inner.tokenizer(); }

        @Override
        public List<float[]> score(List<ScoreRequest> requests, Cancellation cancel, Progress progress) {
            List<float[]> out = new ArrayList<>();
            for (ScoreRequest r : requests) {
                if (delay > 0) {
                    try {
                        Thread.sleep(delay);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                out.addAll(inner.score(List.of(r), cancel, Progress.NONE));
            }
            return out;
        }

        @Override
        public void close() {
            openNow.decrementAndGet();
            inner.close();
        }
    }

    private int engineRequests(String model) {
        return opened.getOrDefault(model, List.of()).stream().mapToInt(b -> b.requestsScored.get()).sum();
    }

    private static List<EvalItem> items(int n) {
        List<EvalItem> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new EvalItem(new EvalItem.Key("main", "r" + i),
                    new Example.Classification("Question " + i + " is it true? Answer:", List.of(" Yes", " No"), i % 2)));
        }
        return out;
    }

    private static final class Recorder implements EvaluationListener {
        final List<ItemResult> scored = new CopyOnWriteArrayList<>();
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<Exception> failures = new CopyOnWriteArrayList<>();

        @Override
        public void scored(EvalModel model, List<ItemResult> results) {
            scored.addAll(results);
        }

        @Override
        public void modelScoring(EvalModel model) {
            events.add("scoring " + model.id());
        }

        @Override
        public void modelFailed(EvalModel model, Exception error) {
            events.add("failed " + model.id());
            failures.add(error);
        }

        @Override
        public void idle() {
            events.add("idle");
        }
    }

    private EvaluationScheduler scheduler(ScoreCache cache, EvaluationListener listener) {
        EvaluationScheduler s = new EvaluationScheduler(cache, listener);
        toClose.add(s);
        return s;
    }

    private ScoreCache cache() throws IOException {
        ScoreCache c = ScoreCache.open(cacheDir);
        toClose.add(c);
        return c;
    }

    @Test
    void scoresEveryItemOnEveryModelSmallestFirstWithTheContestsMetrics() throws Exception {
        Recorder rec = new Recorder();
        EvaluationScheduler s = scheduler(null, rec);
        List<EvalModel> models = List.of(model("large", 3_000, 1.5, 0), model("small", 1_000, 0.5, 0), model("mid", 2_000, 1.0, 0));
        List<EvalItem> items = items(10);
        s.submit(models, items);
        assertTrue(s.awaitIdle(10_000));

        assertEquals(List.of("scoring small", "scoring mid", "scoring large", "idle"), rec.events);
        assertEquals(30, rec.scored.size());
        assertEquals(1, maxOpen.get(), "one model open at a time");
        ContestScorer scorer = new ContestScorer(tokenizer);
        for (EvalModel m : models) {
            FakeBackend reference = new FakeBackend(m.id(), strengths.get(m.id()), tokenizer);
            for (EvalItem item : items) {
                ScoringPlan plan = scorer.plan(item.example());
                ExampleScore expected = scorer.score(plan, reference.score(plan.requests(), Cancellation.NONE, Progress.NONE));
                ItemResult got = s.results(m.id()).get(item.key());
                assertEquals(expected.value(TaskType.CLASSIFICATION), got.score().value(TaskType.CLASSIFICATION), 1e-12);
            }
        }
    }

    @Test
    void anEditReScoresOnlyThatExampleAndARestartScoresNothing() throws Exception {
        ScoreCache cache = cache();
        Recorder rec = new Recorder();
        EvaluationScheduler s = scheduler(cache, rec);
        List<EvalModel> models = List.of(model("a", 1, 1.0, 0), model("b", 2, 2.0, 0));
        List<EvalItem> items = new ArrayList<>(items(1000));
        s.submit(models, items);
        assertTrue(s.awaitIdle(60_000));
        assertEquals(2000, engineRequests("a"), "2 classes x 1000 examples");

        // edit one example's prompt; reorder and rename the others
        items.set(417, new EvalItem(items.get(417).key(), new Example.Classification("Edited prompt:", List.of(" Yes", " No"), 1)));
        Collections.reverse(items);
        s.submit(models, items);
        assertTrue(s.awaitIdle(60_000));
        assertEquals(2002, engineRequests("a"), "only the edited example's two classes were scored again");
        assertEquals(2002, engineRequests("b"));
        assertEquals("Edited prompt:", s.results("a").get(new EvalItem.Key("main", "r417")).example().prompt());

        // a new process (scheduler) with the same cache folder: everything comes from the cache
        ScoreCache reopened = ScoreCache.open(cacheDir);
        toClose.add(reopened);
        Recorder rec2 = new Recorder();
        EvaluationScheduler restarted = scheduler(reopened, rec2);
        restarted.submit(models, items);
        assertTrue(restarted.awaitIdle(60_000));
        assertEquals(2002, engineRequests("a"));
        assertEquals(2000, rec2.scored.size());
    }

    @Test
    void theOpenModelIsKeptAcrossPlansEvenWhenItsObjectIsRebuilt() throws Exception {
        Recorder rec = new Recorder();
        EvaluationScheduler s = scheduler(null, rec);
        List<EvalItem> items = new ArrayList<>(items(6));
        s.submit(List.of(model("a", 1, 1.0, 0), model("b", 2, 2.0, 0)), items);
        assertTrue(s.awaitIdle(10_000));
        items.set(2, new EvalItem(items.get(2).key(), new Example.Classification("Changed:", List.of(" Yes", " No"), 0)));
        s.submit(List.of(model("a", 1, 1.0, 0), model("b", 2, 2.0, 0)), items);
        assertTrue(s.awaitIdle(10_000));
        assertEquals(1, opened.get("b").size(), "b was still open and scored the edit first");
        assertEquals(2, opened.get("a").size());
        assertEquals(List.of("scoring a", "scoring b", "idle", "scoring a", "idle"), rec.events);
        assertEquals(14, engineRequests("a"), "6 examples x 2 classes, then the edited example's 2");
        assertEquals(14, engineRequests("b"));
    }

    @Test
    void editedItemsAreScoredBeforeTheRest() throws Exception {
        Recorder rec = new Recorder();
        EvaluationScheduler s = new EvaluationScheduler(null, rec, 1);
        toClose.add(s);
        EvalModel a = model("a", 1, 1.0, 0);
        List<EvalItem> items = new ArrayList<>(items(20));
        s.submit(List.of(a), items);
        assertTrue(s.awaitIdle(10_000));
        rec.scored.clear();
        s.pause();
        items.set(15, new EvalItem(items.get(15).key(), new Example.Classification("Edited:", List.of(" Yes", " No"), 0)));
        s.submit(List.of(a, model("b", 2, 2.0, 0)), items);
        s.resume();
        assertTrue(s.awaitIdle(10_000));
        // a re-scores only the edit; b, new, scores everything, the edited row first
        assertEquals(List.of("a:r15", "b:r15", "b:r0", "b:r1"),
                rec.scored.subList(0, 4).stream().map(r -> r.modelId() + ":" + r.key().row()).toList());
        assertEquals(21, rec.scored.size());
    }

    @Test
    void cancellingMidBatchKeepsOnlyWholeExamplesAndReportsNothingAfter() throws Exception {
        Recorder rec = new Recorder();
        EvaluationScheduler s = new EvaluationScheduler(null, rec, 3);
        toClose.add(s);
        s.submit(List.of(model("slow", 1, 1.0, 15)), items(40));
        while (rec.scored.size() < 6) Thread.sleep(5);
        s.cancel();
        assertTrue(s.awaitIdle(10_000));
        int reported = rec.scored.size();
        Map<EvalItem.Key, ItemResult> kept = s.results("slow");
        assertEquals(reported, kept.size(), "what was reported is exactly what is kept");
        assertEquals(0, reported % 3, "whole batches only");
        assertTrue(reported < 40);
        ContestScorer scorer = new ContestScorer(tokenizer);
        FakeBackend reference = new FakeBackend("slow", 1.0, tokenizer);
        for (ItemResult r : kept.values()) {
            ScoringPlan plan = scorer.plan(r.example());
            double expected = scorer.score(plan, reference.score(plan.requests(), Cancellation.NONE, Progress.NONE)).value(TaskType.CLASSIFICATION);
            assertEquals(expected, r.score().value(TaskType.CLASSIFICATION), 1e-12);
        }
        Thread.sleep(100);
        assertEquals(reported, rec.scored.size(), "no callbacks after cancel");
        assertEquals(0, openNow.get(), "the model was closed");
        assertTrue(!rec.events.contains("idle"));
    }

    @Test
    void prioritizedItemsComeFirstAndAFailingModelDoesNotStopTheOthers() throws Exception {
        Recorder rec = new Recorder();
        EvaluationScheduler s = new EvaluationScheduler(null, rec, 2);
        toClose.add(s);
        List<EvalItem> items = items(10);
        s.pause();
        s.prioritize(List.of(items.get(7).key(), items.get(3).key()));
        EvalModel broken = new EvalModel("broken", "broken", "fake", 1, (p, c) -> {
            throw new IOException("no weights in /nowhere");
        });
        s.submit(List.of(broken, model("ok", 5, 1.0, 0)), items);
        Thread.sleep(50);
        assertTrue(rec.scored.isEmpty(), "paused");
        s.resume();
        assertTrue(s.awaitIdle(10_000));
        assertEquals(List.of("failed broken", "scoring ok", "idle"), rec.events);
        assertEquals("no weights in /nowhere", rec.failures.getFirst().getMessage());
        assertEquals(List.of("r3", "r7"), rec.scored.subList(0, 2).stream().map(r -> r.key().row()).sorted().toList());
        assertTrue(s.results("broken").isEmpty());
    }

    @Test
    void anUnscorableExampleIsAResultWithItsReason() throws Exception {
        Recorder rec = new Recorder();
        EvaluationScheduler s = scheduler(null, rec);
        var item = new EvalItem(new EvalItem.Key("main", "empty"), new Example.SequenceProb("", " hello"));
        s.submit(List.of(model("m", 1, 1.0, 0)), List.of(item));
        assertTrue(s.awaitIdle(10_000));
        ItemResult r = s.results("m").get(item.key());
        assertNull(r.score());
        assertTrue(r.error().contains("prompt is empty"), r.error());
    }
}
