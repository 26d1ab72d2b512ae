package org.isstudio.ui.wiring;

import org.isstudio.engine.tokenizer.Tokenizer;
import org.isstudio.eval.EvalItem;
import org.isstudio.eval.EvalModel;
import org.isstudio.eval.EvaluationListener;
import org.isstudio.eval.EvaluationScheduler;
import org.isstudio.eval.ItemResult;
import org.isstudio.eval.cache.ScoreCache;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The scoring service's one {@link EvaluationScheduler}, shared by the live session and few-shot sweeps. Each of
 * them puts a claim (its models and items) on the queue, and the scheduler scores the union: one model open at a
 * time whoever asked, so a sweep during live scoring neither holds a second model in memory nor reloads the one the
 * live session has open; it is scored on each model while that model is open anyway. Every claim's listener hears
 * every event, on the scheduler's thread, and keeps what concerns it.
 *
 * <p>Item keys must be unique across claims (a sweep puts its variants under series names of its own). A claim's
 * models apply to all items of the union: the sweep runs on the models of the live session, so in practice the
 * union is the live session's models.
 */
final class ScoringQueue {

    private record Claim(List<EvalModel> models, List<EvalItem> items, EvaluationListener listener) {
    }

    private final ScoreCache cache;
    // guarded by this
    private final Map<Object, Claim> claims = new LinkedHashMap<>();
    private final Set<Object> paused = new HashSet<>();
    private EvaluationScheduler scheduler;
    private volatile List<EvaluationListener> listeners = List.of();

    /** @param cache the persistent score cache, or null to score afresh */
    ScoringQueue(ScoreCache cache) {
        this.cache = cache;
    }

    /** Adds or replaces {@code owner}'s claim; the scheduler's plan becomes the union of all claims. */
    synchronized void put(Object owner, List<EvalModel> models, List<EvalItem> items, EvaluationListener listener) {
        claims.put(owner, new Claim(List.copyOf(models), List.copyOf(items), listener));
        replan();
    }

    /**
     * Drops {@code owner}'s claim. When it was the last one, the batch in flight is aborted and the open model
     * closed (memory is given back); otherwise the others' items go on with the model that is open.
     */
    synchronized void remove(Object owner) {
        if (claims.remove(owner) == null) return;
        resume(owner);
        replan();
    }

    /** The queue stops after the batch in flight while any owner holds it paused. */
    synchronized void pause(Object owner) {
        paused.add(owner);
        scheduler().pause();
    }

    synchronized void resume(Object owner) {
        paused.remove(owner);
        if (paused.isEmpty()) scheduler().resume();
    }

    /** A model's current results, by item (a copy). */
    Map<EvalItem.Key, ItemResult> results(String modelId) {
        return scheduler().results(modelId);
    }

    /** Waits until every claim is scored (or failed); false on timeout. */
    boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        return scheduler().awaitIdle(timeoutMillis);
    }

    private synchronized EvaluationScheduler scheduler() {
        if (scheduler == null) scheduler = new EvaluationScheduler(cache, new Fanout());
        return scheduler;
    }

    private void replan() {
        listeners = claims.values().stream().map(Claim::listener).toList();
        if (claims.isEmpty()) {
            if (scheduler != null) scheduler.cancel();
            return;
        }
        Map<String, EvalModel> models = new LinkedHashMap<>();
        List<EvalItem> items = new ArrayList<>();
        for (Claim c : claims.values()) {
            for (EvalModel m : c.models()) models.putIfAbsent(m.id(), m);
            items.addAll(c.items());
        }
        scheduler().submit(List.copyOf(models.values()), items);
    }

    /** Hands each event of the scheduler to every claim's listener. */
    private final class Fanout implements EvaluationListener {

        private void each(Consumer<EvaluationListener> call) {
            for (EvaluationListener l : listeners) call.accept(l);
        }

        @Override
        public void modelOpening(EvalModel model, double fraction) {
            each(l -> l.modelOpening(model, fraction));
        }

        @Override
        public void modelWarning(EvalModel model, String warning) {
            each(l -> l.modelWarning(model, warning));
        }

        @Override
        public void modelTransfer(EvalModel model, long done, long total) {
            each(l -> l.modelTransfer(model, done, total));
        }

        @Override
        public void modelOpened(EvalModel model, Tokenizer tokenizer) {
            each(l -> l.modelOpened(model, tokenizer));
        }

        @Override
        public void modelScoring(EvalModel model) {
            each(l -> l.modelScoring(model));
        }

        @Override
        public void modelDone(EvalModel model) {
            each(l -> l.modelDone(model));
        }

        @Override
        public void modelFailed(EvalModel model, Exception error) {
            each(l -> l.modelFailed(model, error));
        }

        @Override
        public void scored(EvalModel model, List<ItemResult> results) {
            each(l -> l.scored(model, results));
        }

        @Override
        public void progress(long done, long total) {
            each(l -> l.progress(done, total));
        }

        @Override
        public void idle() {
            each(EvaluationListener::idle);
        }
    }
}
