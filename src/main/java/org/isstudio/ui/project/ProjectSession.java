package org.isstudio.ui.project;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.isstudio.model.FormAnswers;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.ui.undo.UndoHistory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.UnaryOperator;

/**
 * The open project: its current state, the file it came from, whether it has unsaved changes, and the undo
 * history. Every change goes through {@link #edit}, so every change is undoable and marks the project dirty.
 * Lives on the FX thread.
 */
public final class ProjectSession {

    private final ReadOnlyObjectWrapper<TaskProject> project = new ReadOnlyObjectWrapper<>(this, "project");
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>(this, "file");
    /** The state last written to {@link #file}; dirty means "not this very object". */
    private final ObjectProperty<TaskProject> saved = new SimpleObjectProperty<>(this, "saved");
    private final BooleanBinding dirty = Bindings.createBooleanBinding(() -> project.get() != saved.get(), project, saved);
    private final UndoHistory<TaskProject> history = new UndoHistory<>(500);

    public ProjectSession(TaskProject initial) {
        open(initial, null);
    }

    /** Replaces the project (new or opened from {@code from}, which may be null); forgets the undo history. */
    public void open(TaskProject p, Path from) {
        history.clear();
        project.set(p);
        saved.set(p);
        file.set(from);
    }

    /**
     * Replaces the project by one recovered from an autosave: it differs from what {@code originalFile} holds
     * (or was never saved), so it starts dirty and closing asks before it is lost again.
     */
    public void recover(TaskProject p, Path originalFile) {
        history.clear();
        project.set(p);
        saved.set(null);
        file.set(originalFile);
    }

    /**
     * Records that {@code to} now holds {@code written}: a snapshot taken when the save started, so edits
     * made while it was being written still count as unsaved.
     */
    public void markSaved(Path to, TaskProject written) {
        file.set(to);
        saved.set(written);
        history.seal();
    }

    /** Applies one undoable change to the whole project. */
    public void edit(String description, UnaryOperator<TaskProject> change) {
        edit(description, null, change);
    }

    /** Applies a change that merges with the previous one when both carry the same {@code mergeKey}. */
    public void edit(String description, Object mergeKey, UnaryOperator<TaskProject> change) {
        TaskProject before = project.get();
        TaskProject after = change.apply(before);
        if (after == before) return;
        history.record(description, mergeKey, before, after);
        project.set(after);
    }

    /** Applies one undoable change to one part. */
    public void editPart(PartKey key, String description, UnaryOperator<TaskPart> change) {
        editPart(key, description, null, change);
    }

    public void editPart(PartKey key, String description, Object mergeKey, UnaryOperator<TaskPart> change) {
        edit(description, mergeKey, p -> withPart(p, key, change));
    }

    public void editForm(String description, Object mergeKey, UnaryOperator<FormAnswers> change) {
        edit(description, mergeKey, p -> {
            FormAnswers f = change.apply(p.form());
            return f.equals(p.form()) ? p : new TaskProject(p.name(), f, p.parts(), p.models());
        });
    }

    public void undo() {
        if (history.canUndoProperty().get()) project.set(history.undo());
    }

    public void redo() {
        if (history.canRedoProperty().get()) project.set(history.redo());
    }

    /** The part named by {@code key} in the current project. */
    public TaskPart part(PartKey key) {
        return find(project.get(), key);
    }

    public static TaskPart find(TaskProject p, PartKey key) {
        return p.parts().stream().filter(key::matches).findFirst()
                .orElseThrow(() -> new NoSuchElementException("project has no part " + key.label()));
    }

    /** {@code p} with the part {@code key} replaced by {@code change}'s result (or {@code p} itself if unchanged). */
    public static TaskProject withPart(TaskProject p, PartKey key, UnaryOperator<TaskPart> change) {
        List<TaskPart> parts = new ArrayList<>(p.parts());
        for (int i = 0; i < parts.size(); i++) {
            if (key.matches(parts.get(i))) {
                TaskPart before = parts.get(i);
                TaskPart after = change.apply(before);
                if (after == before) return p;
                parts.set(i, after);
                return p.withParts(parts);
            }
        }
        throw new NoSuchElementException("project has no part " + key.label());
    }

    public ReadOnlyObjectProperty<TaskProject> projectProperty() {
        return project.getReadOnlyProperty();
    }

    public TaskProject project() {
        return project.get();
    }

    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }

    public BooleanBinding dirtyProperty() {
        return dirty;
    }

    public boolean isDirty() {
        return dirty.get();
    }

    public UndoHistory<TaskProject> history() {
        return history;
    }
}
