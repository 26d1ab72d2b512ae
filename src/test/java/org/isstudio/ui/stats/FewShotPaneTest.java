package org.isstudio.ui.stats;

import javafx.collections.FXCollections;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.isstudio.ui.jobs.JobRunner;
import org.isstudio.ui.project.PartKey;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.testing.Fakes;
import org.isstudio.model.PartKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pressing "Few-shot sweep" runs the sweep in the background and fills the k → slope table. */
@ExtendWith(ApplicationExtension.class)
class FewShotPaneTest {

    private FewShotViewModel vm;

    @Start
    void start(Stage stage) {
        JobRunner jobs = new JobRunner(Executors.newSingleThreadExecutor(), javafx.application.Platform::runLater);
        vm = new FewShotViewModel(new ProjectSession(FakeSweeps.project(20)),
                FXCollections.observableArrayList(Fakes.SMALL, Fakes.MEDIUM, Fakes.LARGE), jobs, new FakeSweeps());
        stage.setScene(new Scene(new FewShotPane(vm), 900, 320));
        stage.show();
    }

    @Test
    void theTableFills(FxRobot robot) throws Exception {
        TableView<?> table = robot.lookup("#fewShotTable").queryAs(TableView.class);
        assertTrue(table.getItems().isEmpty());
        robot.clickOn("#fewShotButton");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> table.getItems().size() == 5);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup(".table-cell").queryAll().stream()
                .anyMatch(n -> n instanceof javafx.scene.control.TableCell<?, ?> c && "inverse scaling".equals(c.getText())));
        assertEquals("Inverse scaling persists below 2 correct demonstrations and is gone (not clearly inverse) at 2.",
                robot.lookup("#fewShotSummary").queryAs(Label.class).getText());
    }

    @Test
    void theButtonIsDisabledForAPartWithoutATemplate(FxRobot robot) {
        robot.interact(() -> vm.partProperty().set(new PartKey(PartKind.PART, 2)));
        Button run = robot.lookup("#fewShotButton").queryButton();
        assertTrue(run.isDisabled());
        assertTrue(run.getTooltip().getText().startsWith("Part 2 has no template"), run.getTooltip().getText());
        assertTrue(robot.lookup("#fewShotReason").queryAs(Label.class).getText().startsWith("Part 2 has no template"));
    }
}
