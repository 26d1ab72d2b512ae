package org.isstudio.ui.stats;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import org.isstudio.model.Row;
import org.isstudio.model.TaskPart;
import org.isstudio.ui.chart.CurveSeries;
import org.isstudio.ui.chart.ScalingChartViewModel;
import org.isstudio.ui.models.ModelsView;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.run.ScoreBoard;
import org.isstudio.ui.services.RowScore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The numbers behind the chart, per series and model: rows scored, mean and SEM, accuracy, and the
 * probability mass on the classes (the contest's coverage line); above them, per series, the trend in one
 * sentence: its slope per decade of parameters and whether it is monotonic.
 */
public final class StatisticsView extends BorderPane {

    /** One line of the table. */
    public record Line(String series, String model, long parameters, int n, double mean, double sem, double accuracy,
                       double coverage) {
    }

    private final ScalingChartViewModel chart;
    private final ScoreBoard board;
    private final ProjectSession session;
    private final ObservableList<Line> lines = FXCollections.observableArrayList();
    private final VBox headlines = new VBox(2);

    public StatisticsView(ScalingChartViewModel chart, ScoreBoard board, ProjectSession session) {
        this.chart = chart;
        this.board = board;
        this.session = session;
        getStyleClass().add("statistics-view");
        TableView<Line> table = new TableView<>(lines);
        table.setId("statsTable");
        table.setPlaceholder(new Label("No scores yet."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                column("Series", 160, Line::series),
                column("Model", 120, Line::model),
                column("Parameters", 90, l -> ModelsView.humanCount(l.parameters())),
                column("Rows", 60, l -> Integer.toString(l.n())),
                column("Mean", 80, l -> num(l.mean())),
                column("SEM", 80, l -> num(l.sem())),
                column("Accuracy", 80, l -> Double.isNaN(l.accuracy()) ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * l.accuracy())),
                column("Mass on classes", 120, l -> Double.isNaN(l.coverage()) ? "" : String.format(Locale.ROOT, "%.2f%%", 100 * l.coverage()))));
        headlines.setPadding(new Insets(6, 8, 6, 8));
        setTop(headlines);
        setCenter(table);
        chart.series().addListener((ListChangeListener<CurveSeries>) c -> refresh());
        refresh();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static TableColumn<Line, String> column(String title, double width, Function<Line, String> value) {
        TableColumn<Line, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(x -> new ReadOnlyStringWrapper(value.apply(x.getValue())));
        return c;
    }

    private void refresh() {
        List<Line> out = new ArrayList<>();
        headlines.getChildren().clear();
        for (CurveSeries s : chart.series()) {
            if (s.points().isEmpty() || s.rows() > 0) continue;
            TaskPart part = session.project().parts().stream().filter(s.part()::matches).findFirst().orElse(null);
            for (CurveSeries.Point p : s.points()) {
                double[] accCov = accuracyAndCoverage(part, s, p.model().id());
                out.add(new Line(s.name(), p.model().name(), p.model().parameters(), p.n(), p.mean(), p.sem(),
                        accCov[0], accCov[1]));
            }
            Label l = new Label(Trend.of(s).sentence(s.name(), chart.metricProperty().get().yLabel().toLowerCase(Locale.ROOT)));
            l.getStyleClass().add("stat-headline");
            headlines.getChildren().add(l);
        }
        lines.setAll(out);
    }

    private double[] accuracyAndCoverage(TaskPart part, CurveSeries s, String model) {
        if (part == null) return new double[]{Double.NaN, Double.NaN};
        double correct = 0, mass = 0;
        int nc = 0, nm = 0;
        for (Row r : part.rows()) {
            RowScore score = board.freshScore(s.part(), r, model);
            if (score == null) continue;
            if (!Double.isNaN(score.correct())) {
                correct += score.correct();
                nc++;
            }
            if (!Double.isNaN(score.totalLogprob())) {
                mass += Math.exp(score.totalLogprob());
                nm++;
            }
        }
        return new double[]{nc == 0 ? Double.NaN : correct / nc, nm == 0 ? Double.NaN : mass / nm};
    }
}
