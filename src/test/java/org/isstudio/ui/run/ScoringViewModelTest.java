package org.isstudio.ui.run;

import org.isstudio.model.Columns;
import org.isstudio.model.PartKind;
import org.isstudio.model.TaskProject;
import org.isstudio.ui.jobs.Job;
import org.isstudio.ui.jobs.JobRunner;
import org.isstudio.ui.project.PartKey;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.services.ModelState;
import org.isstudio.ui.testing.Fakes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoringViewModelTest {

    private final TaskProject project = Fakes.project(3);
    private final ProjectSession session = new ProjectSession(project);
    private final Fakes.Scoring service = new Fakes.Scoring();
    private final ScoreBoard board = new ScoreBoard();
    private final JobRunner jobs = new JobRunner(Fakes.DIRECT, Fakes.DIRECT);
    private final ScoringViewModel vm = new ScoringViewModel(service, session, board, jobs, Fakes.DIRECT);

    @Test
    void startStreamsScoresToTheBoardAndFollowsEdits() {
        assertEquals("Demo", vm.seriesProperty().get().name(), "the first available series is the default");
        vm.start();
        assertEquals(List.of("start 3"), service.calls);
        assertEquals(1, jobs.jobs().size());
        assertTrue(vm.runningProperty().get());

        service.listener.modelState(Fakes.SMALL, ModelState.SCORING, 0.5, "2 of 4");
        assertEquals(ModelState.SCORING, vm.statuses().getFirst().stateProperty().get());
        service.listener.scored(List.of(Fakes.score(project, "r0", Fakes.SMALL, 0.7)));
        assertEquals(0.7, board.score(new PartKey(PartKind.MAIN, 0), "r0", Fakes.SMALL.id()).value());
        service.listener.progress(1, 9);
        assertEquals(1 / 9.0, jobs.jobs().getFirst().progressProperty().get(), 1e-12);

        session.editPart(new PartKey(PartKind.MAIN, 0), "edit", p -> p.withRows(List.of(
                p.rows().get(0).with(Columns.PROMPT, "new"), p.rows().get(1), p.rows().get(2))));
        assertEquals("update", service.calls.getLast());
        assertEquals("new", service.lastProject.parts().getFirst().rows().getFirst().get(Columns.PROMPT));
    }

    @Test
    void theJobShowsTheTimeLeftFromTheRecentRate() {
        long[] now = {0};
        ScoringViewModel timed = new ScoringViewModel(service, session, board, jobs, Fakes.DIRECT, () -> now[0]);
        timed.start();
        Job job = timed.jobProperty().get();
        assertEquals("starting", job.messageProperty().get());
        service.listener.progress(0, 90);
        assertEquals("scoring 0/90 scores · estimating time left", job.messageProperty().get());
        now[0] = java.time.Duration.ofSeconds(12).toNanos();
        service.listener.progress(24, 90);
        assertEquals("scoring 24/90 scores · about 30 s left", job.messageProperty().get(), "2 scores a second, 66 to go: 33 s");
        now[0] = java.time.Duration.ofSeconds(13).toNanos();
        service.listener.progress(90, 90);
        assertEquals("scoring 90/90 scores", job.messageProperty().get());
    }

    @Test
    void theStatusSaysWhatTheSessionIsDoingAndThatAnIdleSessionWatchesEdits() {
        long[] now = {0};
        ScoringViewModel timed = new ScoringViewModel(service, session, board, jobs, Fakes.DIRECT, () -> now[0]);
        assertEquals("", timed.statusProperty().get(), "nothing is being scored");
        timed.start(List.of(Fakes.SMALL, Fakes.LARGE));
        String models = "demo (2 models) · ";
        assertEquals(models + "starting", timed.statusProperty().get());
        service.listener.modelState(Fakes.SMALL, ModelState.LOADING, -1, "");
        assertEquals(models + "loading s", timed.statusProperty().get());
        service.listener.modelState(Fakes.SMALL, ModelState.SCORING, -1, "");
        service.listener.progress(0, 6);
        now[0] = java.time.Duration.ofSeconds(2).toNanos();
        service.listener.progress(2, 6);
        assertEquals(models + "scoring 2/6 scores · s · a few seconds left", timed.statusProperty().get());
        service.listener.modelState(Fakes.SMALL, ModelState.DONE, 1, "");
        service.listener.modelState(Fakes.LARGE, ModelState.DOWNLOADING, 0.25, "312 MB of 1.2 GB");
        service.listener.progress(3, 6);
        assertEquals(models + "downloading l (312 MB of 1.2 GB) · 3/6 scores · a few seconds left",
                timed.statusProperty().get());
        service.listener.modelState(Fakes.LARGE, ModelState.SCORING, -1, "");
        service.listener.progress(6, 6);
        service.listener.modelState(Fakes.LARGE, ModelState.DONE, 1, "");
        service.listener.idle();
        assertEquals(models + "up to date · watching edits", timed.statusProperty().get(),
                "the session has caught up and waits for the next edit");
        assertEquals(Job.State.RUNNING, timed.jobProperty().get().state(), "an idle session still follows edits");

        // an edit: one row again on each model
        service.listener.progress(4, 6);
        assertEquals(models + "scoring 4/6 scores · estimating time left", timed.statusProperty().get());
        timed.pause();
        assertEquals(models + "paused at 4/6 scores", timed.statusProperty().get());
        timed.resume();
        service.listener.failed(new java.io.IOException("disk full"));
        assertEquals(models + "stopped: disk full", timed.statusProperty().get());
        timed.stop();
        assertEquals("", timed.statusProperty().get());
    }

    @Test
    void cancellingTheJobStopsTheSessionAndLaterCallbacksAreDropped() {
        vm.start();
        var listener = service.listener;
        Job job = jobs.jobs().getFirst();
        job.cancel();
        assertEquals("cancel", service.calls.getLast());
        assertEquals(Job.State.CANCELLED, job.state());
        assertFalse(vm.runningProperty().get());

        listener.scored(List.of(Fakes.score(project, "r1", Fakes.SMALL, 0.1)));
        assertNull(board.score(new PartKey(PartKind.MAIN, 0), "r1", Fakes.SMALL.id()), "a cancelled session's late scores are ignored");
    }

    @Test
    void pauseAndResume() {
        vm.start();
        vm.pause();
        assertTrue(vm.pausedProperty().get());
        assertEquals(Job.State.PAUSED, jobs.jobs().getFirst().state());
        vm.resume();
        assertEquals(List.of("start 3", "pause", "resume"), service.calls);
        assertEquals(Job.State.RUNNING, jobs.jobs().getFirst().state());
    }

    @Test
    void rowSlopeIsPositiveWhenBiggerModelsDoWorse() {
        board.setModels(List.of(Fakes.SMALL, Fakes.MEDIUM, Fakes.LARGE));
        board.accept(List.of(Fakes.score(project, "r0", Fakes.SMALL, 0.5), Fakes.score(project, "r0", Fakes.MEDIUM, 1.0),
                Fakes.score(project, "r0", Fakes.LARGE, 1.5)));
        // 0.5 more loss per decade of parameters
        assertEquals(0.5, board.slope(new PartKey(PartKind.MAIN, 0), project.parts().getFirst().rows().getFirst()), 1e-12);
    }
}
