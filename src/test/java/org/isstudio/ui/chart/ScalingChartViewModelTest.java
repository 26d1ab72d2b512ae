package org.isstudio.ui.chart;

import org.isstudio.model.Columns;
import org.isstudio.model.PartKind;
import org.isstudio.model.TaskProject;
import org.isstudio.ui.project.PartKey;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.run.ScoreBoard;
import org.isstudio.ui.testing.Fakes;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chart's numbers from streamed scores, and the JFreeChart dataset they become. */
class ScalingChartViewModelTest {

    private final TaskProject project = Fakes.project(4);
    private final ProjectSession session = new ProjectSession(project);
    private final ScoreBoard board = new ScoreBoard();
    private final ScalingChartViewModel vm = new ScalingChartViewModel(session, board,
            s -> Fakes.CLASSES.parse(s).size(), Fakes.DIRECT, Fakes.DIRECT);

    @Test
    void curvesAreComputedOnTheWorkerFromASnapshotOneRunAtATime() {
        List<Runnable> worker = new java.util.ArrayList<>();
        ScalingChartViewModel queued = new ScalingChartViewModel(session, board, s -> 2, worker::add, Fakes.DIRECT);
        assertEquals(1, worker.size(), "the first computation waits on the worker");
        board.setModels(List.of(Fakes.SMALL));
        board.accept(List.of(Fakes.score(project, "r0", Fakes.SMALL, 0.5)));
        board.accept(List.of(Fakes.score(project, "r1", Fakes.SMALL, 0.7)));
        assertEquals(1, worker.size(), "changes while it runs wait for it");
        worker.removeFirst().run();
        assertEquals(List.of(), queued.series(), "it saw the board as it was when it started: no models yet");
        assertEquals(1, worker.size(), "then one more run, on the newest state");
        worker.removeFirst().run();
        assertTrue(worker.isEmpty());
        assertEquals(0.6, queued.series().getFirst().points().getFirst().mean(), 1e-12);
    }

    @Test
    void meanAndPopulationSemPerModelAsScoresArrive() {
        board.setModels(List.of(Fakes.LARGE, Fakes.SMALL));
        board.accept(List.of(Fakes.score(project, "r0", Fakes.SMALL, 0.5), Fakes.score(project, "r1", Fakes.SMALL, 0.7)));
        CurveSeries main = vm.series().getFirst();
        assertEquals(1, main.points().size(), "only the model with scores has a point");
        assertEquals(0.6, main.points().getFirst().mean(), 1e-12);
        // population SD of (0.5, 0.7) is 0.1; SEM = 0.1 / sqrt(2)
        assertEquals(0.1 / Math.sqrt(2), main.points().getFirst().sem(), 1e-12);

        board.accept(List.of(Fakes.score(project, "r2", Fakes.SMALL, 1.1), Fakes.score(project, "r3", Fakes.SMALL, 0.2),
                Fakes.score(project, "r0", Fakes.LARGE, 2.0)));
        CurveSeries.Point small = vm.series().getFirst().points().getFirst();
        // the spec's test vector: values (0.5, 0.7, 1.1, 0.2) → mean 0.625, SEM 0.163459
        assertEquals(0.625, small.mean(), 1e-12);
        assertEquals(0.163459, small.sem(), 1e-6);
        assertEquals(4, small.n());
        assertEquals(List.of("s", "l"), vm.series().getFirst().points().stream().map(p -> p.model().name()).toList(),
                "points go from the smallest model up");
        assertEquals(Math.log(2), vm.baselineProperty().get(), 1e-12, "equal-probability baseline: mean ln(n classes)");
    }

    @Test
    void aScoreOfAnEditedRowStopsCountingUntilItIsRescored() {
        board.setModels(List.of(Fakes.SMALL));
        board.accept(List.of(Fakes.score(project, "r0", Fakes.SMALL, 1.0), Fakes.score(project, "r1", Fakes.SMALL, 3.0)));
        assertEquals(2.0, vm.series().getFirst().points().getFirst().mean(), 1e-12);

        session.editPart(new PartKey(PartKind.MAIN, 0), "edit", part -> part.withRows(List.of(
                part.rows().get(0).with(Columns.PROMPT, "changed"), part.rows().get(1), part.rows().get(2), part.rows().get(3))));
        CurveSeries.Point p = vm.series().getFirst().points().getFirst();
        assertEquals(1, p.n());
        assertEquals(3.0, p.mean(), 1e-12);
    }

    @Test
    void firstNAddsASecondCurve() {
        board.setModels(List.of(Fakes.SMALL));
        board.accept(List.of(Fakes.score(project, "r0", Fakes.SMALL, 1.0), Fakes.score(project, "r1", Fakes.SMALL, 3.0),
                Fakes.score(project, "r2", Fakes.SMALL, 5.0)));
        vm.firstNProperty().set(2);
        assertEquals(2, vm.series().size());
        assertEquals(2.0, vm.series().get(1).points().getFirst().mean(), 1e-12);
        assertEquals(2, vm.series().get(1).rows());
    }

    @Test
    void theChartDatasetFollowsTheSeries() {
        board.setModels(List.of(Fakes.SMALL, Fakes.LARGE));
        board.accept(List.of(Fakes.score(project, "r0", Fakes.SMALL, 0.4), Fakes.score(project, "r0", Fakes.LARGE, 0.9)));
        JFreeChart chart = ScalingCharts.createChart(vm.metricProperty().get());
        ScalingCharts.update(chart, vm.metricProperty().get(), vm.series(), vm.baselineProperty().get());
        XYIntervalSeriesCollection data = (XYIntervalSeriesCollection) chart.getXYPlot().getDataset();
        assertEquals(1, data.getSeriesCount());
        assertEquals("Main — 1 examples (with SEM)", data.getSeriesKey(0));
        assertEquals(1_000_000, data.getXValue(0, 0), 0);
        assertEquals(0.9, data.getYValue(0, 1), 1e-12);
        assertEquals("Log-log plot of loss vs model size", chart.getTitle().getText());
        assertEquals(1, chart.getXYPlot().getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND).size(), "the baseline");

        board.accept(List.of(Fakes.score(project, "r1", Fakes.LARGE, 0.3)));
        ScalingCharts.update(chart, vm.metricProperty().get(), vm.series(), vm.baselineProperty().get());
        assertEquals(0.6, data.getYValue(0, 1), 1e-12, "the point moved with the new score");
        assertTrue(chart.createBufferedImage(600, 400) != null);
    }
}
