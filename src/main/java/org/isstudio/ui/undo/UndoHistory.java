package org.isstudio.ui.undo;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Undo and redo over snapshots of an immutable state. Because the state (a {@code TaskProject}) is a tree of
 * records sharing everything that did not change, a snapshot costs one path of new nodes, and undo can never
 * drift from what was done: restoring a snapshot is the inverse of every edit by construction, where
 * hand-written inverse commands each get their own chance to be wrong.
 *
 * <p>Consecutive edits with the same non-null merge key (typing in one template field) become one step, so
 * one undo takes back a burst of typing rather than a single character.
 *
 * @param <S> the state type; compared by identity, so an edit that returns the same object is no edit
 */
public final class UndoHistory<S> {

    /** One undoable step: the state before, the state after, and what to call it in the Edit menu. */
    private record Step<S>(String description, Object mergeKey, S before, S after) {
    }

    private final int limit;
    private final Deque<Step<S>> undo = new ArrayDeque<>();
    private final Deque<Step<S>> redo = new ArrayDeque<>();
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
    private final ReadOnlyStringWrapper undoDescription = new ReadOnlyStringWrapper(this, "undoDescription", "");
    private final ReadOnlyStringWrapper redoDescription = new ReadOnlyStringWrapper(this, "redoDescription", "");

    public UndoHistory(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        this.limit = limit;
    }

    /** Records that {@code before} became {@code after}; clears the redo list. */
    public void record(String description, Object mergeKey, S before, S after) {
        Objects.requireNonNull(description, "description");
        if (before == after) return;
        Step<S> last = undo.peek();
        if (mergeKey != null && last != null && mergeKey.equals(last.mergeKey()) && last.after() == before) {
            undo.pop();
            undo.push(new Step<>(description, mergeKey, last.before(), after));
        } else {
            undo.push(new Step<>(description, mergeKey, before, after));
            if (undo.size() > limit) undo.removeLast();
        }
        redo.clear();
        refresh();
    }

    /** Ends any merge in progress, so that the next edit with the same key starts a new step. */
    public void seal() {
        Step<S> last = undo.peek();
        if (last != null && last.mergeKey() != null) {
            undo.pop();
            undo.push(new Step<>(last.description(), null, last.before(), last.after()));
        }
    }

    /** The state to restore to undo the last step, which moves to the redo list. */
    public S undo() {
        Step<S> step = undo.pop();
        redo.push(new Step<>(step.description(), null, step.before(), step.after()));
        refresh();
        return step.before();
    }

    /** The state to restore to redo the last undone step. */
    public S redo() {
        Step<S> step = redo.pop();
        undo.push(step);
        refresh();
        return step.after();
    }

    public void clear() {
        undo.clear();
        redo.clear();
        refresh();
    }

    private void refresh() {
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
        undoDescription.set(undo.isEmpty() ? "" : undo.peek().description());
        redoDescription.set(redo.isEmpty() ? "" : redo.peek().description());
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty undoDescriptionProperty() {
        return undoDescription.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty redoDescriptionProperty() {
        return redoDescription.getReadOnlyProperty();
    }
}
