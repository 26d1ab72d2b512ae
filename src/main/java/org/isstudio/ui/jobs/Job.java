package org.isstudio.ui.jobs;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Something running in the background as the jobs panel shows it: a title, progress, a message, and a way to
 * cancel. Properties change on the FX thread only.
 */
public final class Job {

    public enum State {
        RUNNING("running"), PAUSED("paused"), DONE("done"), CANCELLED("cancelled"), FAILED("failed");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public boolean finished() {
            return this == DONE || this == CANCELLED || this == FAILED;
        }
    }

    private final String title;
    private final Runnable onCancel;
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.RUNNING);

    /** @param onCancel asks the work to stop (cooperatively); called once, on the FX thread */
    public Job(String title, Runnable onCancel) {
        this.title = title;
        this.onCancel = onCancel;
    }

    public String title() {
        return title;
    }

    public void cancel() {
        if (state.get().finished()) return;
        // state first: the cancel action may itself ask the job to cancel (a session stopping its job)
        state.set(State.CANCELLED);
        onCancel.run();
    }

    /** @param fraction 0..1, or -1 when the amount of work is unknown */
    public void update(double fraction, String text) {
        progress.set(fraction);
        message.set(text);
    }

    public void setState(State s) {
        if (!state.get().finished()) state.set(s);
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public State state() {
        return state.get();
    }
}
