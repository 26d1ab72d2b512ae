package org.isstudio.ui.jobs;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs work off the FX thread and brings its progress and result back onto it (JabRef's UiTaskExecutor,
 * Cryptomator's Tasks). Every job is listed in {@link #jobs()} for the jobs panel. Tests pass executors that
 * run in the calling thread, so a test sees the result as soon as {@code submit} returns.
 */
public final class JobRunner {

    /** What a job's body can use: progress reporting and the cancel flag, safe from any thread. */
    public interface Context {
        void progress(double fraction, String message);

        boolean isCancelled();

        /** @throws CancellationException when the job was cancelled */
        default void checkCancelled() {
            if (isCancelled()) throw new CancellationException("cancelled");
        }
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Context context) throws Exception;
    }

    private final Executor worker;
    private final Executor fx;
    private final ObservableList<Job> jobs = FXCollections.observableArrayList();
    private final javafx.beans.property.ReadOnlyIntegerWrapper active = new javafx.beans.property.ReadOnlyIntegerWrapper(this, "active");

    public JobRunner(Executor worker, Executor fx) {
        this.worker = worker;
        this.fx = fx;
        jobs.addListener((javafx.collections.ListChangeListener<Job>) c -> {
            while (c.next()) {
                for (Job j : c.getAddedSubList()) j.stateProperty().addListener((obs, o, n) -> countActive());
            }
            countActive();
        });
    }

    private void countActive() {
        active.set((int) jobs.stream().filter(j -> !j.state().finished()).count());
    }

    /** How many listed jobs have not finished (the jobs tab's badge). */
    public javafx.beans.property.ReadOnlyIntegerProperty activeProperty() {
        return active.getReadOnlyProperty();
    }

    /** Runs {@code work} in the background; {@code onSuccess} or {@code onError} then runs on the FX thread. */
    public <T> Job submit(String title, Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        AtomicBoolean cancelled = new AtomicBoolean();
        Job job = new Job(title, () -> cancelled.set(true));
        jobs.add(job);
        Context context = new Context() {
            @Override
            public void progress(double fraction, String message) {
                fx.execute(() -> job.update(fraction, message));
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }
        };
        worker.execute(() -> {
            try {
                T result = work.run(context);
                fx.execute(() -> {
                    if (cancelled.get()) return;
                    job.update(1, "");
                    job.setState(Job.State.DONE);
                    onSuccess.accept(result);
                });
            } catch (CancellationException e) {
                fx.execute(() -> job.setState(Job.State.CANCELLED));
            } catch (Throwable e) {
                fx.execute(() -> {
                    job.update(job.progressProperty().get(), String.valueOf(e.getMessage()));
                    job.setState(Job.State.FAILED);
                    onError.accept(e);
                });
            }
        });
        return job;
    }

    /** Lists a job whose work is driven elsewhere (a scoring session), so it shows and cancels like the rest. */
    public Job track(Job job) {
        jobs.add(job);
        return job;
    }

    /** Removes finished jobs from the list. */
    public void clearFinished() {
        jobs.removeIf(j -> j.state().finished());
    }

    public ObservableList<Job> jobs() {
        return jobs;
    }
}
