package org.isstudio.ui.stats;

import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.isstudio.model.TaskProject;
import org.isstudio.ui.chart.ScalingChartViewModel;
import org.isstudio.ui.jobs.JobRunner;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.run.ScoreBoard;
import org.isstudio.ui.testing.Fakes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rubric's analysis (a bootstrap over every row) runs only while the Statistics tab is on screen. */
@ExtendWith(ApplicationExtension.class)
class StatisticsViewTest {

    private final TaskProject project = Fakes.project(4);
    private final ProjectSession session = new ProjectSession(project);
    private final ScoreBoard board = new ScoreBoard();
    /** The analyses handed to the worker, run by the test; touched on the FX thread only. */
    private final List<Runnable> worker = new ArrayList<>();
    private StatisticsView view;

    @Start
    void start(Stage stage) {
        ScalingChartViewModel chart = new ScalingChartViewModel(session, board, s -> 2, Fakes.DIRECT, Fakes.DIRECT);
        FewShotViewModel fewShot = new FewShotViewModel(session, board.models(), new JobRunner(Fakes.DIRECT, Fakes.DIRECT), null);
        view = new StatisticsView(chart, board, session, fewShot, worker::add, Fakes.DIRECT);
        stage.setScene(new Scene(view, 900, 500));
        stage.show();
    }

    @Test
    void aHiddenViewAnalysesNothingUntilItIsShownThenTheNewestStateOnce(FxRobot robot) {
        robot.interact(() -> {
            worker.clear();
            view.showingProperty().set(false);
            board.setModels(List.of(Fakes.SMALL, Fakes.LARGE));
            board.accept(List.of(Fakes.score(project, "r0", Fakes.SMALL, 0.5), Fakes.score(project, "r0", Fakes.LARGE, 1.0)));
            board.accept(List.of(Fakes.score(project, "r1", Fakes.SMALL, 0.4), Fakes.score(project, "r1", Fakes.LARGE, 0.9)));
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, worker.size(), "no analysis while the view is hidden");

        robot.interact(() -> view.showingProperty().set(true));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, worker.size(), "one analysis when it is shown");
        robot.interact(() -> worker.removeFirst().run());
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> table = robot.lookup("#statsTable").queryAs(TableView.class);
        assertEquals(2, table.getItems().size(), "a line per model, from the scores that arrived while hidden");
    }
}
