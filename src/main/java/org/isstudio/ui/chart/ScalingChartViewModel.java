package org.isstudio.ui.chart;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.isstudio.model.Row;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;
import org.isstudio.eval.report.PlotStyle;
import org.isstudio.eval.stats.Descriptive;
import org.isstudio.ui.common.Coalescer;
import org.isstudio.ui.project.PartKey;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.run.ScoreBoard;
import org.isstudio.ui.services.ModelInfo;
import org.isstudio.ui.services.RowScore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.ToIntFunction;

/**
 * The scaling chart's content: one series per part and model family, the contest's baseline, and optionally
 * the curve on the first N rows beside the curve on all of them. Recomputed whenever scores arrive or the project
 * changes, on a worker from a snapshot of the board (10,000 rows must not hold up the window), one computation at a
 * time: requests made meanwhile become one more run on the newest state. Only scores of rows as they are now count.
 */
public final class ScalingChartViewModel {

    private final ProjectSession session;
    private final ScoreBoard board;
    private final ToIntFunction<String> classCount;
    private final ObservableList<CurveSeries> series = FXCollections.observableArrayList();
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper();
    // made once: the read-only wrapper forwards changes through a weak listener, so a wrapper made per call
    // stops notifying once the caller drops it and it is garbage collected
    private final ObservableList<CurveSeries> seriesView = FXCollections.unmodifiableObservableList(series);
    private final ReadOnlyObjectWrapper<PlotStyle> metric = new ReadOnlyObjectWrapper<>(this, "metric",
            PlotStyle.of(TaskType.CLASSIFICATION, false));
    private final ReadOnlyDoubleWrapper baseline = new ReadOnlyDoubleWrapper(this, "baseline", Double.NaN);
    private final IntegerProperty firstN = new SimpleIntegerProperty(this, "firstN", 0);
    private final Coalescer recompute;
    private final Executor worker;
    private final Executor fx;
    /** A computation is on the worker; FX thread. */
    private boolean computing;
    /** Something changed while it was: run again when it is done; FX thread. */
    private boolean again;
    /** The rows the baseline was last computed for, and its value; the worker's. */
    private List<Row> baselineRows;
    private TaskType baselineType;
    private double baselineValue;
    /** Classes literal to its number of classes, as last counted; the worker's. */
    private Map<String, Integer> classCounts = Map.of();

    /**
     * @param classCount the number of classes a {@code classes} cell holds, or 0 when it does not parse; called on
     *                   the worker
     * @param worker     where the curves are computed
     * @param fx         the FX thread, where requests are coalesced and results shown (the calling thread in tests)
     */
    public ScalingChartViewModel(ProjectSession session, ScoreBoard board, ToIntFunction<String> classCount,
                                 Executor worker, Executor fx) {
        this.session = session;
        this.board = board;
        this.classCount = classCount;
        this.worker = worker;
        this.fx = fx;
        this.recompute = new Coalescer(fx, this::recompute);
        board.revisionProperty().addListener((obs, o, n) -> recompute.request());
        session.projectProperty().addListener((obs, o, n) -> recompute.request());
        firstN.addListener((obs, o, n) -> recompute.request());
        recompute();
    }

    /** What the chart shows: its series and the baseline; {@code metric} null when there are no parts. */
    private record Content(PlotStyle metric, List<CurveSeries> series, double baseline) {
    }

    private void recompute() {
        if (computing) {
            again = true;
            return;
        }
        computing = true;
        TaskProject p = session.project();
        ScoreBoard.Snapshot scores = board.snapshot();
        int n = firstN.get();
        worker.execute(() -> {
            Content c = content(p, scores, n);
            fx.execute(() -> {
                computing = false;
                show(c);
                if (again) {
                    again = false;
                    recompute.request();
                }
            });
        });
    }

    private void show(Content c) {
        if (c.metric() != null) metric.set(c.metric());
        series.setAll(c.series());
        baseline.set(c.baseline());
        revision.set(revision.get() + 1);
    }

    /** On the worker. */
    private Content content(TaskProject p, ScoreBoard.Snapshot scores, int firstN) {
        if (p.parts().isEmpty()) return new Content(null, List.of(), Double.NaN);
        TaskType type = p.parts().getFirst().taskType();
        List<CurveSeries> out = new ArrayList<>();
        Map<String, List<ModelInfo>> families = new LinkedHashMap<>();
        for (ModelInfo m : scores.models()) families.computeIfAbsent(m.family(), f -> new ArrayList<>()).add(m);
        boolean manyFamilies = families.size() > 1;
        for (TaskPart part : p.parts()) {
            if (part.taskType() != type) continue;
            PartKey key = PartKey.of(part);
            for (Map.Entry<String, List<ModelInfo>> f : families.entrySet()) {
                String name = key.label() + (manyFamilies ? " · " + f.getKey() : "");
                out.add(curve(scores, name, key, f.getKey(), part.rows(), 0, f.getValue()));
                if (firstN > 0 && firstN < part.rows().size() && part == p.parts().getFirst()) {
                    out.add(curve(scores, name + " · first " + firstN, key, f.getKey(), part.rows().subList(0, firstN),
                            firstN, f.getValue()));
                }
            }
        }
        return new Content(PlotStyle.of(type, false), out, baseline(type, p.parts().getFirst()));
    }

    private static CurveSeries curve(ScoreBoard.Snapshot scores, String name, PartKey key, String family, List<Row> rows,
                                     int n, List<ModelInfo> models) {
        List<CurveSeries.Point> points = new ArrayList<>();
        for (ModelInfo m : models) {
            double[] values = rows.stream().map(r -> scores.freshScore(key, r, m.id()))
                    .filter(s -> s != null && !Double.isNaN(s.value())).mapToDouble(RowScore::value).toArray();
            if (values.length == 0) continue;
            points.add(new CurveSeries.Point(m, Descriptive.mean(values), Descriptive.sem(values), values.length));
        }
        return new CurveSeries(name, key, family, n, points);
    }

    /** Mean ln(n classes) for loss, mean 1/n for accuracy (prize spec §3.6); NaN where the contest draws none. */
    private double baseline(TaskType type, TaskPart part) {
        if (!type.isClassification() || part.rows().isEmpty()) return Double.NaN;
        // scores arriving leave the rows as they were: the same list, the same baseline
        if (part.rows() == baselineRows && type == baselineType) return baselineValue;
        baselineRows = part.rows();
        baselineType = type;
        baselineValue = countedBaseline(type, part);
        return baselineValue;
    }

    private double countedBaseline(TaskType type, TaskPart part) {
        double sum = 0;
        int count = 0;
        Map<String, Integer> counts = new HashMap<>();
        for (Row r : part.rows()) {
            String classes = r.get(org.isstudio.model.Columns.CLASSES);
            Integer known = classCounts.get(classes);
            int n = known != null ? known : classCount.applyAsInt(classes);
            counts.put(classes, n);
            if (n < 1) continue;
            sum += type == TaskType.CLASSIFICATION_ACC ? 1.0 / n : Math.log(n);
            count++;
        }
        // only the literals of the rows as they are now are kept: an edit parses one, a batch of scores none
        classCounts = counts;
        return count == 0 ? Double.NaN : sum / count;
    }

    /**
     * Counts the recomputes shown, the unchanged ones included: what follows this sees every edit and every batch of
     * scores once, after the chart has taken it in.
     */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    public ObservableList<CurveSeries> series() {
        return seriesView;
    }

    public ReadOnlyObjectProperty<PlotStyle> metricProperty() {
        return metric.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty baselineProperty() {
        return baseline.getReadOnlyProperty();
    }

    /** 0 to show only the curves on all rows; N to add the main part's curve on its first N rows. */
    public IntegerProperty firstNProperty() {
        return firstN;
    }
}
