package org.isstudio.ui.stats;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.isstudio.eval.FewShotSweep;
import org.isstudio.eval.stats.ScalingAnalysis;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.ui.jobs.Job;
import org.isstudio.ui.jobs.JobRunner;
import org.isstudio.ui.project.PartKey;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.services.ModelInfo;

import java.util.List;

/**
 * The rubric's few-shot sweep: the chosen templated part scored again at k = 0, 1, 2, 4, 8 demonstrations (no more
 * than its other rows can supply) on the models being scored, as a cancellable background job; one step per k with
 * the slope per decade, its interval and the verdict, and whether inverse scaling persists with correct
 * demonstrations. Parts without a template cannot be swept, and {@link #unavailableProperty()} says why.
 */
public final class FewShotViewModel {

    /** The most demonstrations the sweep tries; beyond this the prompts outgrow small models' contexts. */
    static final int MAX_SHOTS = 8;

    /** One row of the sweep's table. */
    public record Step(int shots, double slopePerDecade, double ciLow, double ciHigh, ScalingAnalysis.Verdict verdict,
                       int pairedExamples) {
    }

    private final ProjectSession session;
    private final ObservableList<ModelInfo> models;
    private final JobRunner jobs;
    private final FewShotScorer scorer;
    private final ObservableList<PartKey> parts = FXCollections.observableArrayList();
    private final ObjectProperty<PartKey> part = new SimpleObjectProperty<>(this, "part");
    private final ObservableList<Step> steps = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper unavailable = new ReadOnlyStringWrapper(this, "unavailable", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private Job job;

    /**
     * @param models the models being scored (the score board's), which the sweep scores on
     * @param scorer null when the scoring back end cannot score few-shot variants
     */
    public FewShotViewModel(ProjectSession session, ObservableList<ModelInfo> models, JobRunner jobs, FewShotScorer scorer) {
        this.session = session;
        this.models = models;
        this.jobs = jobs;
        this.scorer = scorer;
        session.projectProperty().addListener((obs, o, p) -> refresh());
        models.addListener((ListChangeListener<ModelInfo>) c -> refresh());
        part.addListener((obs, o, p) -> {
            steps.clear();
            summary.set("");
            refresh();
        });
        running.addListener((obs, o, r) -> refresh());
        refresh();
    }

    private void refresh() {
        TaskProject p = session.project();
        List<PartKey> keys = p.parts().stream().map(PartKey::of).toList();
        if (!parts.equals(keys)) parts.setAll(keys);
        if (part.get() == null || !keys.contains(part.get())) {
            part.set(p.parts().stream().filter(x -> x.template() != null).map(PartKey::of).findFirst()
                    .orElse(keys.isEmpty() ? null : keys.getFirst()));
        }
        unavailable.set(reason());
    }

    private TaskPart chosen() {
        PartKey key = part.get();
        return key == null ? null : session.project().parts().stream().filter(key::matches).findFirst().orElse(null);
    }

    /** Why the sweep cannot run now, or "" when it can. */
    private String reason() {
        TaskPart p = chosen();
        if (scorer == null) return "This scoring back end cannot run a few-shot sweep.";
        if (p == null) return "The task has no parts to sweep.";
        if (p.template() == null) {
            return PartKey.of(p).label() + " has no template: the sweep renders each row with k correct demonstrations "
                    + "drawn from the other rows, which needs a few-shot template (Template & preview tab).";
        }
        if (p.rows().size() < 2) return PartKey.of(p).label() + " needs at least two rows: demonstrations come from the other rows.";
        if (models.size() < 2) return "Score the task on a model series (two sizes or more) first: the sweep uses its models.";
        if (running.get()) return "A sweep is running (see Jobs).";
        return "";
    }

    /** 0, 1, 2, 4, 8, capped by the demonstrations the part's other rows can supply. */
    static List<Integer> shotsFor(int rows) {
        return FewShotSweep.shots(Math.min(MAX_SHOTS, rows - 1));
    }

    /** Starts the sweep in the background; the table fills when it finishes. */
    public void run() {
        String why = reason();
        if (!why.isEmpty()) throw new IllegalStateException(why);
        TaskProject project = session.project();
        TaskPart p = chosen();
        List<ModelInfo> on = List.copyOf(models);
        List<Integer> shots = shotsFor(p.rows().size());
        PartKey key = PartKey.of(p);
        steps.clear();
        summary.set("Sweeping " + key.label() + " at k = " + shots + " on " + on.size() + " models…");
        running.set(true);
        job = jobs.submit("Few-shot sweep of " + key.label(), c -> scorer.sweep(project, p, shots, on, c), sweep -> {
            running.set(false);
            if (!key.equals(part.get())) return;
            steps.setAll(sweep.steps().stream().map(FewShotViewModel::step).toList());
            summary.set(capitalized(sweep.summary()) + ".");
        }, error -> {
            running.set(false);
            summary.set("The sweep failed: " + error.getMessage());
        });
        // a cancelled job reports neither success nor failure
        job.stateProperty().addListener((obs, o, s) -> {
            if (s == Job.State.CANCELLED) {
                running.set(false);
                summary.set("The sweep was cancelled.");
            }
        });
    }

    public void cancel() {
        if (job != null && running.get()) job.cancel();
    }

    private static Step step(FewShotSweep.Step s) {
        ScalingAnalysis.Trend t = s.report().trend();
        return new Step(s.shots(), t.slopePerDecade(), t.slopeCi95().low(), t.slopeCi95().high(), t.verdict(),
                t.pairedExamples());
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public ObservableList<PartKey> parts() {
        return parts;
    }

    public ObjectProperty<PartKey> partProperty() {
        return part;
    }

    public ObservableList<Step> steps() {
        return steps;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** "" when the sweep can run; otherwise why not, for the action's tooltip. */
    public ReadOnlyStringProperty unavailableProperty() {
        return unavailable.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }
}
