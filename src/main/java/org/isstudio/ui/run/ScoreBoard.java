package org.isstudio.ui.run;

import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.isstudio.eval.stats.Descriptive;
import org.isstudio.model.Row;
import org.isstudio.ui.project.PartKey;
import org.isstudio.ui.services.ModelInfo;
import org.isstudio.ui.services.RowScore;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every score received so far, by part, row and model, on the FX thread. A score remembers the cells it was
 * computed from, so after an edit the table can show the old number as stale until the new one arrives,
 * and the chart counts only scores of rows as they are now.
 */
public final class ScoreBoard {

    private record RowKey(PartKey part, String rowId) {
    }

    /** Each row's scores by model; the inner maps are immutable and replaced on change, so a snapshot is shallow. */
    private final Map<RowKey, Map<String, RowScore>> scores = new HashMap<>();
    private final ObservableList<ModelInfo> models = FXCollections.observableArrayList();
    // made once: the read-only wrapper forwards changes through a weak listener, so a wrapper made per call
    // stops notifying once the caller drops it and it is garbage collected
    private final ObservableList<ModelInfo> modelsView = FXCollections.unmodifiableObservableList(models);
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");

    /** The models being scored, smallest first (the order of the table's score columns and the x axis). */
    public void setModels(List<ModelInfo> chosen) {
        models.setAll(chosen.stream().sorted(Comparator.comparingLong(ModelInfo::parameters)).toList());
        scores.clear();
        revision.set(revision.get() + 1);
    }

    public void accept(Collection<RowScore> batch) {
        if (batch.isEmpty()) return;
        for (RowScore s : batch) {
            scores.merge(new RowKey(new PartKey(s.partKind(), s.partNumber()), s.rowId()), Map.of(s.model(), s), (old, one) -> {
                Map<String, RowScore> m = new HashMap<>(old);
                m.putAll(one);
                return Map.copyOf(m);
            });
        }
        revision.set(revision.get() + 1);
    }

    public void clear() {
        scores.clear();
        revision.set(revision.get() + 1);
    }

    /** The latest score of the row under the model, fresh or stale, or null. */
    public RowScore score(PartKey part, String rowId, String modelId) {
        Map<String, RowScore> m = scores.get(new RowKey(part, rowId));
        return m == null ? null : m.get(modelId);
    }

    /** The score if it was computed from the row as it is now, else null. */
    public RowScore freshScore(PartKey part, Row row, String modelId) {
        RowScore s = score(part, row.id(), modelId);
        return s != null && isFresh(s, row) ? s : null;
    }

    public static boolean isFresh(RowScore s, Row row) {
        return s.cells().equals(row.cells());
    }

    /**
     * The least-squares slope of the row's value against log10 of parameters over the models with a fresh
     * score: positive means bigger models do worse on this row (for loss), which is what drives inverse
     * scaling. NaN with fewer than two models.
     */
    public double slope(PartKey part, Row row) {
        List<double[]> xy = new java.util.ArrayList<>();
        for (ModelInfo m : models) {
            RowScore s = freshScore(part, row, m.id());
            if (s != null && !Double.isNaN(s.value())) xy.add(new double[]{Math.log10(m.parameters()), s.value()});
        }
        if (xy.size() < 2) return Double.NaN;
        return Descriptive.slope(xy.stream().mapToDouble(p -> p[0]).toArray(), xy.stream().mapToDouble(p -> p[1]).toArray());
    }

    /**
     * The scores and models as they are now, for computing on another thread while the board goes on changing
     * on this one. Cheap: one shallow copy.
     */
    public Snapshot snapshot() {
        return new Snapshot(List.copyOf(models), Map.copyOf(scores));
    }

    /** An unchanging copy of the board; see {@link #snapshot()}. */
    public static final class Snapshot {
        private final List<ModelInfo> models;
        private final Map<RowKey, Map<String, RowScore>> scores;

        private Snapshot(List<ModelInfo> models, Map<RowKey, Map<String, RowScore>> scores) {
            this.models = models;
            this.scores = scores;
        }

        /** The models, smallest first. */
        public List<ModelInfo> models() {
            return models;
        }

        /** As {@link ScoreBoard#freshScore}. */
        public RowScore freshScore(PartKey part, Row row, String modelId) {
            Map<String, RowScore> m = scores.get(new RowKey(part, row.id()));
            RowScore s = m == null ? null : m.get(modelId);
            return s != null && isFresh(s, row) ? s : null;
        }
    }

    public ObservableList<ModelInfo> models() {
        return modelsView;
    }

    /** Increases with every change, so views can redraw once per batch rather than once per score. */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }
}
