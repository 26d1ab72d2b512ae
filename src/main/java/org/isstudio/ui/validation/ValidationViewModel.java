package org.isstudio.ui.validation;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.isstudio.model.Diagnostic;
import org.isstudio.model.Severity;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.ui.project.PartKey;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.services.TaskChecks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Validation as you type: after each change the project is checked on a worker, and the result replaces the
 * problems list and the per-cell index the table's markers read. A check of an older state that finishes
 * after a newer one is dropped.
 */
public final class ValidationViewModel {

    /** A diagnostic placed in the project: the part it belongs to (null for the whole project). */
    public record Located(Diagnostic diagnostic, PartKey part) {
    }

    private record CellKey(PartKey part, String rowId, String column) {
    }

    private final TaskChecks checks;
    private final Executor worker;
    private final Executor fx;
    private final ObservableList<Located> problems = FXCollections.observableArrayList();
    // made once: the read-only wrapper forwards changes through a weak listener, so a wrapper made per call
    // stops notifying once the caller drops it and it is garbage collected
    private final ObservableList<Located> problemsView = FXCollections.unmodifiableObservableList(problems);
    private final ReadOnlyIntegerWrapper errors = new ReadOnlyIntegerWrapper(this, "errors");
    private final ReadOnlyIntegerWrapper warnings = new ReadOnlyIntegerWrapper(this, "warnings");
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");
    private final AtomicLong latest = new AtomicLong();
    private Map<CellKey, List<Diagnostic>> byCell = Map.of();
    private Map<CellKey, List<Diagnostic>> byRow = Map.of();

    public ValidationViewModel(TaskChecks checks, ProjectSession session, Executor worker, Executor fx) {
        this.checks = checks;
        this.worker = worker;
        this.fx = fx;
        session.projectProperty().addListener((obs, o, now) -> check(now));
        check(session.project());
    }

    private void check(TaskProject p) {
        long ticket = latest.incrementAndGet();
        worker.execute(() -> {
            if (ticket != latest.get()) return; // a newer state is queued; check that one instead
            List<Diagnostic> found;
            try {
                found = checks.check(p);
            } catch (RuntimeException e) {
                found = List.of(new Diagnostic(Severity.ERROR, p.name(), 0, "", "the validator failed: " + e));
            }
            List<Diagnostic> result = found;
            fx.execute(() -> {
                if (ticket == latest.get()) publish(p, result);
            });
        });
    }

    private void publish(TaskProject p, List<Diagnostic> found) {
        Map<String, PartKey> partByStem = new HashMap<>();
        for (TaskPart part : p.parts()) partByStem.put(part.fileStem(p.name()), PartKey.of(part));
        List<Located> located = new ArrayList<>();
        Map<CellKey, List<Diagnostic>> cells = new HashMap<>();
        Map<CellKey, List<Diagnostic>> rows = new HashMap<>();
        int e = 0, w = 0;
        for (Diagnostic d : found) {
            PartKey part = partByStem.get(stem(d.file()));
            if (part == null && p.parts().size() == 1) part = PartKey.of(p.parts().getFirst());
            located.add(new Located(d, part));
            if (d.severity() == Severity.ERROR) e++;
            else w++;
            if (part != null && d.rowId() != null) {
                cells.computeIfAbsent(new CellKey(part, d.rowId(), d.column()), k -> new ArrayList<>()).add(d);
                rows.computeIfAbsent(new CellKey(part, d.rowId(), ""), k -> new ArrayList<>()).add(d);
            }
        }
        byCell = cells;
        byRow = rows;
        problems.setAll(located);
        errors.set(e);
        warnings.set(w);
        revision.set(revision.get() + 1);
    }

    /** "memo-trap-PART2.csv" and "memo-trap-PART2" name the same part. */
    private static String stem(String file) {
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    /** The problems of one cell (column {@code ""}: those about the whole row). */
    public List<Diagnostic> at(PartKey part, String rowId, String column) {
        return byCell.getOrDefault(new CellKey(part, rowId, column), List.of());
    }

    /** Every problem of a row, whatever its column. */
    public List<Diagnostic> ofRow(PartKey part, String rowId) {
        return byRow.getOrDefault(new CellKey(part, rowId, ""), List.of());
    }

    public ObservableList<Located> problems() {
        return problemsView;
    }

    public ReadOnlyIntegerProperty errorsProperty() {
        return errors.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty warningsProperty() {
        return warnings.getReadOnlyProperty();
    }

    /** Increases with each published result, so the table can refresh its markers. */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }
}
