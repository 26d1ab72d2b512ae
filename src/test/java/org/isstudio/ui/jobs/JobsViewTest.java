package org.isstudio.ui.jobs;

import javafx.scene.Scene;
import javafx.stage.Stage;
import org.isstudio.ui.testing.Fakes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A job runs on a worker, shows its progress, and stops when its Cancel button is pressed. */
@ExtendWith(ApplicationExtension.class)
class JobsViewTest {

    private final JobRunner runner = new JobRunner(Executors.newSingleThreadExecutor(), javafx.application.Platform::runLater);

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new JobsView(runner), 900, 300));
        stage.show();
    }

    @Test
    void cancelStopsARunningJob(FxRobot robot) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean sawCancel = new AtomicBoolean();
        robot.interact(() -> runner.submit("Long work", c -> {
            c.progress(0.25, "a quarter");
            started.countDown();
            while (!c.isCancelled()) Thread.onSpinWait();
            sawCancel.set(true);
            stopped.countDown();
            c.checkCancelled();
            return null;
        }, r -> { }, e -> { }));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitForFxEvents();
        Job job = runner.jobs().getFirst();
        assertEquals(0.25, job.progressProperty().get(), 1e-12);
        assertEquals("a quarter", job.messageProperty().get());

        robot.clickOn("Cancel");
        assertTrue(stopped.await(5, TimeUnit.SECONDS), "the work saw the cancel flag");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(sawCancel.get());
        assertEquals(Job.State.CANCELLED, job.state());

        assertEquals(0, runner.activeProperty().get(), "a cancelled job no longer counts as running");
        robot.clickOn("Clear finished");
        assertTrue(runner.jobs().isEmpty());
    }

    @Test
    void aFailingJobReportsItsMessage() {
        JobRunner direct = new JobRunner(Fakes.DIRECT, Fakes.DIRECT);
        String[] error = {null};
        direct.submit("Broken", c -> {
            throw new java.io.IOException("disk full");
        }, r -> { }, e -> error[0] = e.getMessage());
        assertEquals("disk full", error[0]);
        assertEquals(Job.State.FAILED, direct.jobs().getFirst().state());
        assertEquals("disk full", direct.jobs().getFirst().messageProperty().get());
    }
}
