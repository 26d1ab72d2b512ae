package org.isstudio.ui.models;

import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.isstudio.ui.jobs.JobRunner;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.run.ModelStatus;
import org.isstudio.ui.run.ScoreBoard;
import org.isstudio.ui.run.ScoringViewModel;
import org.isstudio.ui.services.ModelState;
import org.isstudio.ui.testing.Fakes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The models table as scoring goes on: each member's state and details, as the back end reports them. */
@ExtendWith(ApplicationExtension.class)
class ModelsViewTest {

    private final Fakes.Scoring service = new Fakes.Scoring();
    private final JobRunner jobs = new JobRunner(Fakes.DIRECT, Fakes.DIRECT);
    private ScoringViewModel vm;

    @Start
    void start(Stage stage) {
        vm = new ScoringViewModel(service, new ProjectSession(Fakes.project(3)), new ScoreBoard(), jobs, Runnable::run);
        stage.setScene(new Scene(new ModelsView(vm, service, jobs, e -> { }), 900, 500));
        stage.show();
    }

    private List<String> cells(FxRobot robot, String column) {
        return robot.lookup(".table-row-cell").queryAllAs(javafx.scene.control.TableRow.class).stream()
                .filter(r -> r.getItem() != null)
                .map(r -> ((javafx.scene.control.TableRow<?>) r).getChildrenUnmodifiable().stream()
                        .map(n -> (javafx.scene.control.TableCell<?, ?>) n)
                        .filter(c -> c.getTableColumn().getText().equals(column))
                        .map(c -> c.getText() == null ? "" : c.getText()).findFirst().orElseThrow())
                .toList();
    }

    @Test
    void eachMemberShowsItsStateAndDetails(FxRobot robot) {
        robot.interact(() -> {
            vm.start();
            service.listener.modelState(Fakes.SMALL, ModelState.DOWNLOADED, 0, "");
            service.listener.modelState(Fakes.MEDIUM, ModelState.DOWNLOADING, 0.25, "512 MB of 2.0 GB");
            service.listener.modelState(Fakes.LARGE, ModelState.TOO_BIG, -1, "l needs 26 GB of memory");
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("downloaded", "downloading", "too big for this machine"), cells(robot, "State"));
        assertEquals(List.of("", "512 MB of 2.0 GB", "l needs 26 GB of memory"), cells(robot, "Details"));
        TableView<?> table = robot.lookup("#modelsTable").queryAs(TableView.class);
        assertEquals(0.25, ((ModelStatus) table.getItems().get(1)).fractionProperty().get(), 1e-12);

        robot.interact(() -> service.listener.modelState(Fakes.LARGE, ModelState.FAILED, 0, "out of memory"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("failed", cells(robot, "State").get(2));
        assertEquals("out of memory · l needs 26 GB of memory", cells(robot, "Details").get(2));
        assertTrue(robot.lookup(".error-text").queryAll().stream()
                .anyMatch(n -> n instanceof javafx.scene.control.TableCell<?, ?> c && "failed".equals(c.getText())),
                "a failed model's state is shown as an error");
    }
}
