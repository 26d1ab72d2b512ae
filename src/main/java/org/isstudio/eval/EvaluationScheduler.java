package org.isstudio.eval;

import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.engine.ScoreRequest;
import org.isstudio.eval.cache.CachingBackend;
import org.isstudio.eval.cache.ScoreCache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * Scores a plan of items on a list of models in the background and keeps the results current while the plan
 * changes under it.
 * <ul>
 *   <li><b>Latest plan wins.</b> {@link #submit} replaces the plan; an item whose example is unchanged keeps its
 *       result, an edited one is scored again, and nothing else is (the {@link ScoreCache} also spares re-scoring
 *       across restarts and for edits that are undone).</li>
 *   <li><b>Order.</b> The model that is already open first, then the others from the smallest up, so a curve appears
 *       early; within a model the {@linkplain #prioritize prioritized} items (what the author is looking at) first,
 *       then the items the latest plans added or changed, then the rest.</li>
 *   <li><b>One model at a time.</b> A backend is closed before the next one opens, which bounds memory to one model.</li>
 *   <li><b>Consistent on cancel.</b> Results are stored and reported per batch of whole examples: a cancelled batch
 *       leaves nothing behind, and {@link #results} never holds part of an example.</li>
 * </ul>
 * Never blocks the caller's thread: every method returns at once except {@link #close()} and {@link #awaitIdle}.
 * The listener is called on the scheduler's own worker thread, never while it holds its lock.
 */
public final class EvaluationScheduler implements AutoCloseable {

    public static final int DEFAULT_BATCH = 4;

    private final ScoreCache cache;
    private final EvaluationListener listener;
    private final int batchSize;
    private final Thread worker;

    // guarded by this
    private List<EvalModel> models = List.of();
    private Map<EvalItem.Key, EvalItem> items = new LinkedHashMap<>();
    private final Map<String, Map<EvalItem.Key, ItemResult>> results = new HashMap<>();
    private final Set<EvalItem.Key> priority = new LinkedHashSet<>();
    /** Items added or changed by the latest plans: scored before the rest, after the prioritized ones. */
    private final Set<EvalItem.Key> edited = new LinkedHashSet<>();
    private final Set<String> failedModels = new HashSet<>();
    private long generation;
    private long cancelledUpTo = -1;
    private boolean paused;
    private boolean closed;
    private boolean idle = true;

    // worker thread only
    private EvalModel openModel;
    private ScoringBackend openBackend;
    private ContestScorer scorer;

    /** @param cache the persistent score cache, or null to score everything afresh */
    public EvaluationScheduler(ScoreCache cache, EvaluationListener listener) {
        this(cache, listener, DEFAULT_BATCH);
    }

    public EvaluationScheduler(ScoreCache cache, EvaluationListener listener, int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1");
        this.cache = cache;
        this.listener = listener;
        this.batchSize = batchSize;
        this.worker = Thread.ofPlatform().name("isstudio-evaluation").daemon().unstarted(this::run);
        worker.start();
    }

    /** Makes this the plan: these models, these items (keys unique). Failed models are tried again. */
    public synchronized void submit(List<EvalModel> newModels, List<EvalItem> newItems) {
        Map<EvalItem.Key, EvalItem> byKey = new LinkedHashMap<>();
        for (EvalItem item : newItems) {
            if (byKey.put(item.key(), item) != null) throw new IllegalArgumentException("duplicate item key " + item.key());
        }
        Set<String> ids = new HashSet<>();
        for (EvalModel m : newModels) {
            if (!ids.add(m.id())) throw new IllegalArgumentException("duplicate model id " + m.id());
        }
        if (!items.isEmpty()) {
            for (EvalItem item : byKey.values()) {
                EvalItem before = items.get(item.key());
                if (before == null || !before.example().equals(item.example())) edited.add(item.key());
            }
        }
        edited.retainAll(byKey.keySet());
        models = List.copyOf(newModels);
        items = byKey;
        results.keySet().retainAll(ids);
        for (Map<EvalItem.Key, ItemResult> r : results.values()) r.keySet().retainAll(byKey.keySet());
        failedModels.clear();
        generation++;
        idle = false;
        notifyAll();
    }

    /** Scores these items before the others (replacing the previous choice), model by model. */
    public synchronized void prioritize(Collection<EvalItem.Key> keys) {
        priority.clear();
        priority.addAll(keys);
    }

    /** Stops after the batch in flight; {@link #resume()} goes on where it stopped. */
    public synchronized void pause() {
        paused = true;
    }

    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    /**
     * Drops the plan and aborts the batch in flight, closing the open model; results already reported stay in
     * {@link #results}. A later {@link #submit} starts again (from the cache).
     */
    public synchronized void cancel() {
        models = List.of();
        items = new LinkedHashMap<>();
        cancelledUpTo = generation;
        generation++;
        idle = false;
        notifyAll();
    }

    /** The current results of a model, by item (a copy). */
    public synchronized Map<EvalItem.Key, ItemResult> results(String modelId) {
        return Map.copyOf(results.getOrDefault(modelId, Map.of()));
    }

    /** Waits until the current plan is fully scored (or failed); false on timeout. */
    public synchronized boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (!idle) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) return false;
            wait(left);
        }
        return true;
    }

    /** Stops the worker, waiting for the batch in flight to abort, and closes the open model. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        boolean interrupted = false;
        while (worker.isAlive()) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private record Work(long generation, EvalModel model, List<EvalItem> batch) {
    }

    private void run() {
        try {
            while (true) {
                Work work = null;
                long idleGeneration = -1;
                boolean cancelled = false;
                synchronized (this) {
                    while (true) {
                        if (closed) return;
                        if (!paused) {
                            work = nextWork();
                            if (work != null) break;
                            if (!idle) {
                                idleGeneration = generation;
                                cancelled = models.isEmpty();
                                if (cancelled) closeBackend(); // free the model
                                break;
                            }
                        }
                        waitQuietly();
                    }
                }
                if (work != null) {
                    execute(work);
                } else {
                    // the listener hears of idleness before awaitIdle returns, and not at all after a cancel
                    if (!cancelled) call(null, listener::idle);
                    synchronized (this) {
                        if (generation == idleGeneration) {
                            idle = true;
                            notifyAll();
                        }
                    }
                }
            }
        } finally {
            closeBackend();
        }
    }

    /** Guarded by this. The open model first if it still has work, then the smallest. */
    private Work nextWork() {
        List<EvalModel> order = new ArrayList<>(models);
        order.sort(Comparator.comparing((EvalModel m) -> !isOpen(m))
                .thenComparingLong(EvalModel::parameters).thenComparing(EvalModel::id));
        for (EvalModel m : order) {
            if (failedModels.contains(m.id())) continue;
            List<EvalItem> pending = pending(m);
            if (pending.isEmpty()) continue;
            List<EvalItem> first = new ArrayList<>();
            List<EvalItem> changed = new ArrayList<>();
            List<EvalItem> rest = new ArrayList<>();
            for (EvalItem item : pending) {
                (priority.contains(item.key()) ? first : edited.contains(item.key()) ? changed : rest).add(item);
            }
            first.addAll(changed);
            first.addAll(rest);
            return new Work(generation, m, List.copyOf(first.subList(0, Math.min(batchSize, first.size()))));
        }
        return null;
    }

    /** Models are told apart by id: a caller may build new EvalModel objects (new openers) for every plan. */
    private boolean isOpen(EvalModel m) {
        return openModel != null && openModel.id().equals(m.id());
    }

    private List<EvalItem> pending(EvalModel m) {
        Map<EvalItem.Key, ItemResult> done = results.getOrDefault(m.id(), Map.of());
        List<EvalItem> out = new ArrayList<>();
        for (EvalItem item : items.values()) {
            ItemResult r = done.get(item.key());
            if (r == null || !r.example().equals(item.example())) out.add(item);
        }
        return out;
    }

    private void execute(Work work) {
        EvalModel model = work.model();
        Cancellation cancel = () -> {
            synchronized (this) {
                return closed || work.generation() <= cancelledUpTo;
            }
        };
        if (!isOpen(model)) {
            closeBackend();
            call(model, () -> listener.modelOpening(model, -1));
            try {
                Optional<String> warning = model.opener().warning();
                if (warning.isPresent()) call(model, () -> listener.modelWarning(model, warning.get()));
                ScoringBackend backend = model.opener().open((done, total) ->
                        call(model, () -> listener.modelTransfer(model, done, total)), cancel);
                openBackend = cache == null ? backend : new CachingBackend(backend, cache);
                scorer = new ContestScorer(openBackend.tokenizer(), openBackend.maxPositions());
                openModel = model;
                call(model, () -> listener.modelOpened(model, openBackend.tokenizer()));
            } catch (CancellationException e) {
                return;
            } catch (Exception | LinkageError e) {
                fail(model, e instanceof Exception ex ? ex : new IllegalStateException(e));
                return;
            }
            call(model, () -> listener.modelScoring(model));
        }

        List<ItemResult> out = new ArrayList<>();
        List<ScoringPlan> plans = new ArrayList<>();
        List<EvalItem> planned = new ArrayList<>();
        List<ScoreRequest> requests = new ArrayList<>();
        for (EvalItem item : work.batch()) {
            try {
                ScoringPlan plan = scorer.plan(item.example());
                plans.add(plan);
                planned.add(item);
                requests.addAll(plan.requests());
            } catch (UnscorableExampleException e) {
                out.add(ItemResult.failed(model.id(), item, e.getMessage()));
            }
        }
        try {
            List<float[]> scored = requests.isEmpty() ? List.of() : openBackend.score(requests, cancel, Progress.NONE);
            int at = 0;
            for (int k = 0; k < plans.size(); k++) {
                ScoringPlan plan = plans.get(k);
                List<float[]> mine = scored.subList(at, at + plan.requests().size());
                at += plan.requests().size();
                out.add(ItemResult.scored(model.id(), planned.get(k), scorer.score(plan, mine)));
            }
        } catch (CancellationException e) {
            return; // nothing of the batch is kept
        } catch (Exception e) {
            fail(model, e);
            return;
        }

        List<ItemResult> kept = new ArrayList<>();
        long done = 0;
        long total;
        boolean modelDone;
        synchronized (this) {
            if (cancel.isCancelled() || models.stream().noneMatch(m -> m.id().equals(model.id()))) return;
            Map<EvalItem.Key, ItemResult> store = results.computeIfAbsent(model.id(), k -> new HashMap<>());
            for (ItemResult r : out) {
                EvalItem current = items.get(r.key());
                if (current != null && current.example().equals(r.example())) {
                    store.put(r.key(), r);
                    kept.add(r);
                }
            }
            for (EvalModel m : models) done += items.size() - pending(m).size();
            total = (long) models.size() * items.size();
            modelDone = pending(model).isEmpty();
        }
        if (!kept.isEmpty()) call(model, () -> listener.scored(model, List.copyOf(kept)));
        long d = done;
        call(model, () -> listener.progress(d, total));
        if (modelDone) call(model, () -> listener.modelDone(model));
    }

    private void fail(EvalModel model, Exception e) {
        closeBackend();
        synchronized (this) {
            failedModels.add(model.id());
        }
        call(null, () -> listener.modelFailed(model, e));
    }

    private void closeBackend() {
        if (openBackend != null) {
            try {
                openBackend.close();
            } catch (RuntimeException ignored) {
                // a failing close must not stop the next model from loading
            }
        }
        openBackend = null;
        openModel = null;
        scorer = null;
    }

    /** Calls the listener; an exception it throws is reported as the model's failure (or dropped if that throws). */
    private void call(EvalModel model, Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            if (model != null) {
                try {
                    listener.modelFailed(model, e);
                } catch (RuntimeException ignored) {
                    // the listener is broken; the scheduler goes on
                }
            }
        }
    }

    private void waitQuietly() {
        try {
            wait();
        } catch (InterruptedException e) {
            // only close() ends the worker
        }
    }
}
