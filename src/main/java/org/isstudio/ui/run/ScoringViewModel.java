package org.isstudio.ui.run;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.isstudio.ui.jobs.Job;
import org.isstudio.ui.jobs.JobRunner;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.services.ModelInfo;
import org.isstudio.ui.services.ModelSeries;
import org.isstudio.ui.services.ModelState;
import org.isstudio.ui.services.RowScore;
import org.isstudio.ui.services.ScoringListener;
import org.isstudio.ui.services.ScoringService;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Live scoring: which series is chosen, the running session, each model's state, and the scores, which go to
 * the {@link ScoreBoard}. The session follows the project: every edit is passed on, and the back end
 * re-scores only what changed. Callbacks from a session that was replaced are dropped (latest run wins).
 */
public final class ScoringViewModel {

    /** The rate behind the remaining time is measured over this much recent scoring. */
    static final java.time.Duration RATE_WINDOW = java.time.Duration.ofSeconds(30);

    private final ScoringService service;
    private final ProjectSession project;
    private final ScoreBoard board;
    private final JobRunner jobs;
    private final Executor fx;
    private final ObservableList<ModelSeries> catalog = FXCollections.observableArrayList();
    private final ObjectProperty<ModelSeries> series = new SimpleObjectProperty<>(this, "series");
    private final ObservableList<ModelStatus> statuses = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(this, "paused");
    private final ReadOnlyObjectWrapper<Job> job = new ReadOnlyObjectWrapper<>(this, "job");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final LongSupplier clock;
    private ScoringService.Session session;
    private RemainingTime remaining;
    private ScoringStatus progress;
    /** The models being scored, as the status bar names them: "Demo series (3 models)". */
    private String label;
    private int generation;

    public ScoringViewModel(ScoringService service, ProjectSession project, ScoreBoard board, JobRunner jobs, Executor fx) {
        this(service, project, board, jobs, fx, System::nanoTime);
    }

    /** @param clock nanoseconds, for the remaining-time estimate */
    public ScoringViewModel(ScoringService service, ProjectSession project, ScoreBoard board, JobRunner jobs, Executor fx,
                            LongSupplier clock) {
        this.clock = clock;
        this.service = service;
        this.project = project;
        this.board = board;
        this.jobs = jobs;
        this.fx = fx;
        catalog.setAll(service.catalog());
        series.set(catalog.stream().filter(ModelSeries::available).findFirst().orElse(null));
        project.projectProperty().addListener((obs, old, now) -> {
            if (session != null && now != null) session.update(now);
        });
    }

    /** Starts scoring the project on the chosen series, replacing any running session. */
    public void start() {
        ModelSeries s = series.get();
        if (s == null) throw new IllegalStateException("no model series chosen");
        start(s.members());
    }

    public void start(List<ModelInfo> models) {
        stop();
        int gen = ++generation;
        board.setModels(models);
        statuses.setAll(board.models().stream().map(ModelStatus::new).toList());
        Job j = jobs.track(new Job("Scoring on " + describe(models), this::stop));
        job.set(j);
        running.set(true);
        paused.set(false);
        remaining = new RemainingTime(clock, RATE_WINDOW);
        progress = new ScoringStatus();
        label = describe(models);
        say();
        session = service.start(project.project(), models, new Relay(gen, j));
    }

    private static String describe(List<ModelInfo> models) {
        List<String> families = models.stream().map(ModelInfo::family).distinct().toList();
        return families.size() == 1 ? families.getFirst() + " (" + models.size() + " models)"
                : models.size() + " models";
    }

    public void pause() {
        if (session == null || paused.get()) return;
        session.pause();
        paused.set(true);
        remaining.reset();
        progress.paused(true);
        say();
    }

    public void resume() {
        if (session == null || !paused.get()) return;
        session.resume();
        paused.set(false);
        remaining.reset();
        progress.paused(false);
        say();
    }

    /** Cancels the session; the scores received so far stay on the board. */
    public void stop() {
        generation++;
        if (session != null) {
            ScoringService.Session s = session;
            session = null;
            s.cancel();
        }
        Job j = job.get();
        if (j != null && !j.state().finished()) j.cancel();
        running.set(false);
        paused.set(false);
        status.set("");
    }

    /** The job's message and the status bar: what the session is doing now. */
    private void say() {
        String text = progress.text(remaining.estimate());
        Job j = job.get();
        j.setState(paused.get() ? Job.State.PAUSED : Job.State.RUNNING);
        j.update(j.progressProperty().get(), text);
        status.set(label + " · " + text);
    }

    private ModelStatus status(ModelInfo m) {
        return statuses.stream().filter(s -> s.model().id().equals(m.id())).findFirst().orElse(null);
    }

    /** Takes the session's callbacks off the worker threads, coalescing scores into one FX update per pulse. */
    private final class Relay implements ScoringListener {
        private final int gen;
        private final Job job;
        private final List<RowScore> pending = new ArrayList<>();

        Relay(int gen, Job job) {
            this.gen = gen;
            this.job = job;
        }

        private void onFx(Runnable r) {
            fx.execute(() -> {
                if (gen == generation) r.run();
            });
        }

        @Override
        public void modelState(ModelInfo model, ModelState state, double fraction, String detail) {
            onFx(() -> {
                ModelStatus s = status(model);
                if (s != null) s.update(state, fraction, detail);
                progress.model(model.name(), state, state == ModelState.SCORING ? "" : detail);
                say();
            });
        }

        @Override
        public void scored(List<RowScore> scores) {
            boolean first;
            synchronized (pending) {
                first = pending.isEmpty();
                pending.addAll(scores);
            }
            if (first) onFx(this::drain);
        }

        private void drain() {
            List<RowScore> batch;
            synchronized (pending) {
                batch = new ArrayList<>(pending);
                pending.clear();
            }
            board.accept(batch);
        }

        @Override
        public void progress(long done, long total) {
            onFx(() -> {
                remaining.record(done, total);
                progress.progress(done, total);
                job.update(total == 0 ? -1 : (double) done / total, job.messageProperty().get());
                say();
            });
        }

        @Override
        public void idle() {
            onFx(() -> {
                progress.idle();
                job.update(1, job.messageProperty().get());
                say();
            });
        }

        @Override
        public void failed(Throwable error) {
            onFx(() -> {
                progress.failed(String.valueOf(error.getMessage()));
                say();
                job.setState(Job.State.FAILED);
                running.set(false);
            });
        }
    }

    public ObservableList<ModelSeries> catalog() {
        return catalog;
    }

    public ObjectProperty<ModelSeries> seriesProperty() {
        return series;
    }

    public ObservableList<ModelStatus> statuses() {
        return statuses;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty pausedProperty() {
        return paused.getReadOnlyProperty();
    }

    /**
     * What the session is doing, for the status bar: "Demo series (3 models) · scoring 3/12 scores · d32-L2 · about
     * 30 s left", "… · up to date · watching edits"; empty when nothing is being scored.
     */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Job> jobProperty() {
        return job.getReadOnlyProperty();
    }

    public ScoreBoard board() {
        return board;
    }
}
