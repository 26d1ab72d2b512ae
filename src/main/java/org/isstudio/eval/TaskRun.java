package org.isstudio.eval;

import org.isstudio.eval.cache.ScoreCache;
import org.isstudio.eval.stats.PairedBootstrap;
import org.isstudio.model.TaskType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores whole series on a list of models and waits for the result: the command line's way of using the
 * {@link EvaluationScheduler} (so it shares its order, caching and one-model-at-a-time rule with the application).
 */
public final class TaskRun {

    /** One part, control set or few-shot variant: its name, metric, and examples in file order. */
    public record Series(String name, TaskType type, List<EvalItem> items) {
        public Series {
            items = List.copyOf(items);
        }
    }

    /** A finished series: its report and each model's results by item. */
    public record Outcome(Series series, SeriesReport report, Map<String, Map<EvalItem.Key, ItemResult>> results) {
    }

    /**
     * Examples per backend call. Larger than the interactive default: nobody waits for the first result, and the
     * engine shares prompts and fills its matrix kernels better with more requests per call (300 examples on two
     * tiny models: 12.6 s at 32 against 16.7 s at 4, on a loaded 2-core machine).
     */
    static final int BATCH = 32;

    private TaskRun() {
    }

    /**
     * @param listener told of progress and models; its {@code idle} marks the end
     * @return one outcome per series, in order; models that failed have no results (see the listener)
     */
    public static List<Outcome> run(List<Series> series, List<EvalModel> models, ScoreCache cache,
                                    EvaluationListener listener, PairedBootstrap bootstrap, boolean invert,
                                    List<Integer> datasetSizes) throws InterruptedException {
        List<EvalItem> all = new ArrayList<>();
        for (Series s : series) all.addAll(s.items());
        try (EvaluationScheduler scheduler = new EvaluationScheduler(cache, listener, BATCH)) {
            scheduler.submit(models, all);
            while (!scheduler.awaitIdle(60_000)) {
                // still working: the listener shows progress
            }
            Map<String, Map<EvalItem.Key, ItemResult>> results = new LinkedHashMap<>();
            for (EvalModel m : models) results.put(m.id(), scheduler.results(m.id()));
            // every outcome shares it, so nobody may change it
            Map<String, Map<EvalItem.Key, ItemResult>> byModel = Collections.unmodifiableMap(results);
            List<Outcome> out = new ArrayList<>();
            for (Series s : series) {
                SeriesReport report = SeriesReport.build(s.name(), s.type(), invert, models, s.items(),
                        id -> byModel.getOrDefault(id, Map.of()), bootstrap, datasetSizes);
                out.add(new Outcome(s, report, byModel));
            }
            return out;
        }
    }
}
