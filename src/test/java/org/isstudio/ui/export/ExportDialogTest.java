package org.isstudio.ui.export;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.isstudio.model.Diagnostic;
import org.isstudio.model.Severity;
import org.isstudio.model.TaskProject;
import org.isstudio.ui.jobs.JobRunner;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.services.SubmissionExport;
import org.isstudio.ui.testing.Fakes;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
class ExportDialogTest {

    /** Writes the entries' names into the "zip" so the test can see what was asked for. */
    private static final class RecordingExport implements SubmissionExport {
        final List<String> written = new ArrayList<>();
        byte[] plot;

        @Override
        public List<Entry> entries(TaskProject p, boolean includeForm, byte[] plotPng) {
            List<Entry> e = new ArrayList<>();
            e.add(new Entry(p.name() + ".csv", 120, "prompt,classes,answer_index\nq0,\"[' yes', ' no']\",0\n"));
            if (includeForm) e.add(new Entry(p.name() + "-form.txt", 40, "Task description: ..."));
            if (plotPng != null) e.add(new Entry(p.name() + "-plot.png", plotPng.length, "(image)"));
            return e;
        }

        @Override
        public List<Diagnostic> anonymityProblems(TaskProject p) {
            return p.name().contains("alice")
                    ? List.of(new Diagnostic(Severity.ERROR, p.name(), 0, "", "the task name contains the author name 'alice'"))
                    : List.of();
        }

        @Override
        public void write(TaskProject p, boolean includeForm, byte[] plotPng, Path zip) throws IOException {
            plot = plotPng;
            written.add(zip.getFileName().toString());
            Files.writeString(zip, String.join("\n", entries(p, includeForm, plotPng).stream().map(Entry::name).toList()));
        }
    }

    private final ProjectSession session = new ProjectSession(Fakes.project(3));
    private final RecordingExport export = new RecordingExport();
    private ExportDialog dialog;

    @Start
    void start(Stage stage) {
        stage.show();
        JFreeChart chart = org.isstudio.ui.chart.ScalingCharts.createChart(
                org.isstudio.eval.report.PlotStyle.of(org.isstudio.model.TaskType.CLASSIFICATION, false));
        dialog = new ExportDialog(stage, session, export, new JobRunner(Runnable::run, Runnable::run), chart);
        dialog.show();
    }

    @Test
    void listsTheFilesPreviewsThemAndWritesTheZip(FxRobot robot, @TempDir Path dir) throws IOException {
        ListView<SubmissionExport.Entry> list = robot.lookup("#exportEntries").queryListView();
        assertEquals(List.of("demo-task.csv", "demo-task-form.txt", "demo-task-plot.png"),
                list.getItems().stream().map(SubmissionExport.Entry::name).toList());
        assertTrue(robot.lookup("#exportPreview").queryAs(TextArea.class).getText().startsWith("prompt,classes,answer_index"));

        robot.clickOn("Add the form answers as a text file");
        assertEquals(List.of("demo-task.csv", "demo-task-plot.png"),
                list.getItems().stream().map(SubmissionExport.Entry::name).toList());

        Path zip = dir.resolve("demo-task.zip");
        robot.interact(() -> dialog.exportTo(zip));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("demo-task.zip"), export.written);
        assertEquals("demo-task.csv\ndemo-task-plot.png", Files.readString(zip));
        assertNotNull(export.plot);
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(export.plot, 4), "the plot is a PNG");
        assertTrue(robot.lookup("#exportResult").queryAs(Label.class).getText().startsWith("✓ Wrote"));
    }

    @Test
    void renamingTheTaskRenamesTheFilesAndTheAnonymityCheckCanBlockExport(FxRobot robot) {
        robot.interact(() -> robot.lookup("#exportName").queryTextInputControl().setText("by-alice"));
        assertEquals("by-alice", session.project().name(), "the name is the project's task name");
        ListView<SubmissionExport.Entry> list = robot.lookup("#exportEntries").queryListView();
        assertEquals("by-alice.csv", list.getItems().getFirst().name());
        assertTrue(robot.lookup("#anonymity").queryAs(Label.class).getText().contains("author name 'alice'"));
        assertTrue(robot.lookup("#exportButton").queryAs(Button.class).isDisabled());

        robot.interact(() -> robot.lookup("#exportName").queryTextInputControl().setText("negation-qa"));
        assertFalse(robot.lookup("#exportButton").queryAs(Button.class).isDisabled());
    }
}
