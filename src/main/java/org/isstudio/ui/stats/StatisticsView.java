package org.isstudio.ui.stats;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.isstudio.eval.stats.PairedBootstrap;
import org.isstudio.eval.stats.ScalingAnalysis;
import org.isstudio.model.Row;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;
import org.isstudio.ui.chart.CurveSeries;
import org.isstudio.ui.chart.ScalingChartViewModel;
import org.isstudio.ui.common.Coalescer;
import org.isstudio.ui.models.ModelsView;
import org.isstudio.ui.project.PartKey;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.run.ScoreBoard;
import org.isstudio.ui.services.ModelInfo;
import org.isstudio.ui.services.RowScore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * What a reviewer asks of the curve, per series: the contest's mean and SEM per model with a bootstrap
 * interval, accuracy and the probability mass on the classes; the slope per decade of parameters with its
 * paired bootstrap interval, whether the trend is strictly monotonic and how often it stays so under
 * resampling; the rubric's size rule; and the few-shot sweep ({@link FewShotPane}). The analysis (eval's {@link ScalingAnalysis}) runs on a worker;
 * an analysis of older scores that finishes late is dropped.
 */
public final class StatisticsView extends BorderPane {

    /** One line of the table. */
    public record Line(String series, String model, long parameters, int n, double mean, double sem, double ciLow,
                       double ciHigh, double accuracy, double coverage) {
    }

    /** What one run of the analysis produced, ready to show. */
    private record Result(List<Line> lines, List<String> headlines) {
    }

    /** The analysis' inputs, gathered on the worker from snapshots, so it never reads live state. */
    private record Input(String name, PartKey part, String family, TaskType type, List<ModelInfo> models, double[][] values, double[][] correct,
                         double[][] mass) {
    }

    private static final PairedBootstrap BOOTSTRAP = new PairedBootstrap(1000, 42, 0.95);

    private final ScalingChartViewModel chart;
    private final ScoreBoard board;
    private final ProjectSession session;
    private final Executor worker;
    private final Executor fx;
    private final ObservableList<Line> lines = FXCollections.observableArrayList();
    private final VBox headlines = new VBox(3);
    private final AtomicLong latest = new AtomicLong();
    private final Coalescer refresh;
    /**
     * Whether the view is on screen. The bootstrap over every row is most of the CPU an edit costs while scores
     * stream, so a hidden view only notes that it is out of date and analyses when it is shown.
     */
    private final BooleanProperty showing = new SimpleBooleanProperty(this, "showing", true);
    private boolean stale;

    public StatisticsView(ScalingChartViewModel chart, ScoreBoard board, ProjectSession session, FewShotViewModel fewShot,
                          Executor worker, Executor fx) {
        this.chart = chart;
        this.board = board;
        this.session = session;
        this.worker = worker;
        this.fx = fx;
        getStyleClass().add("statistics-view");
        TableView<Line> table = new TableView<>(lines);
        table.setId("statsTable");
        table.setPlaceholder(new Label("No scores yet."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                column("Series", 150, Line::series),
                column("Model", 110, Line::model),
                column("Parameters", 85, l -> ModelsView.humanCount(l.parameters())),
                column("Rows", 55, l -> Integer.toString(l.n())),
                column("Mean", 75, l -> num(l.mean())),
                column("SEM", 70, l -> num(l.sem())),
                column("95% interval", 125, l -> Double.isNaN(l.ciLow()) ? ""
                        : String.format(Locale.ROOT, "%.4f – %.4f", l.ciLow(), l.ciHigh())),
                column("Accuracy", 75, l -> Double.isNaN(l.accuracy()) ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * l.accuracy())),
                column("Mass on classes", 110, l -> Double.isNaN(l.coverage()) ? "" : String.format(Locale.ROOT, "%.2f%%", 100 * l.coverage()))));
        headlines.setPadding(new Insets(6, 8, 6, 8));
        setTop(headlines);
        VBox.setVgrow(table, Priority.ALWAYS);
        setCenter(new VBox(table, new FewShotPane(fewShot)));
        refresh = new Coalescer(fx, () -> {
            if (showing.get()) analyse();
            else stale = true;
        });
        showing.addListener((obs, o, now) -> {
            if (now && stale) refresh.request();
        });
        // the chart recomputes on every edit and batch of scores; following it (not the project as well) analyses
        // each change once, with the curves that belong to it
        chart.revisionProperty().addListener((obs, o, n) -> refresh.request());
        analyse();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    static <T> TableColumn<T, String> column(String title, double width, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(x -> new ReadOnlyStringWrapper(value.apply(x.getValue())));
        return c;
    }

    /** True while the view is on screen (its tab selected); the window keeps it so. */
    public BooleanProperty showingProperty() {
        return showing;
    }

    private void analyse() {
        stale = false;
        TaskProject p = session.project();
        List<CurveSeries> series = List.copyOf(chart.series());
        ScoreBoard.Snapshot scores = board.snapshot();
        long ticket = latest.incrementAndGet();
        worker.execute(() -> {
            // scores arrive in small batches; only the newest request is worth the bootstrap
            if (ticket != latest.get()) return;
            Result r = compute(inputs(p, series, scores), examples(p));
            fx.execute(() -> {
                if (ticket != latest.get()) return;
                lines.setAll(r.lines());
                headlines.getChildren().setAll(r.headlines().stream().map(h -> {
                    Label l = new Label(h);
                    l.getStyleClass().add("stat-headline");
                    l.setWrapText(true);
                    return l;
                }).toList());
            });
        });
    }

    /** Each curve's per-row values, on the worker from a snapshot of the board: 10,000 rows are no work for the FX thread. */
    private static List<Input> inputs(TaskProject p, List<CurveSeries> series, ScoreBoard.Snapshot scores) {
        List<Input> inputs = new ArrayList<>();
        for (CurveSeries s : series) {
            if (s.points().isEmpty() || s.rows() > 0) continue;
            TaskPart part = p.parts().stream().filter(s.part()::matches).findFirst().orElse(null);
            if (part == null) continue;
            List<ModelInfo> models = s.points().stream().map(CurveSeries.Point::model).toList();
            int n = part.rows().size();
            double[][] values = new double[models.size()][n];
            double[][] correct = new double[models.size()][n];
            double[][] mass = new double[models.size()][n];
            for (int k = 0; k < models.size(); k++) {
                for (int i = 0; i < n; i++) {
                    Row r = part.rows().get(i);
                    RowScore score = scores.freshScore(s.part(), r, models.get(k).id());
                    values[k][i] = score == null ? Double.NaN : score.value();
                    correct[k][i] = score == null ? Double.NaN : score.correct();
                    mass[k][i] = score == null ? Double.NaN : Math.exp(score.totalLogprob());
                }
            }
            inputs.add(new Input(s.name(), s.part(), s.family(), part.taskType(), models, values, correct, mass));
        }
        return inputs;
    }

    /** The contest's size rule is about the task's examples; control sets do not count. */
    private static int examples(TaskProject p) {
        return p.parts().stream().filter(x -> x.kind() != org.isstudio.model.PartKind.CONTROL)
                .mapToInt(x -> x.rows().size()).sum();
    }

    private static Result compute(List<Input> inputs, int totalRows) {
        List<Line> out = new ArrayList<>();
        List<String> heads = new ArrayList<>();
        heads.add(sizeRule(totalRows));
        List<RubricLines.Entry> verdicts = new ArrayList<>();
        for (Input in : inputs) {
            List<ScalingAnalysis.ModelValues> mv = new ArrayList<>();
            for (int k = 0; k < in.models().size(); k++) {
                ModelInfo m = in.models().get(k);
                mv.add(new ScalingAnalysis.ModelValues(m.name(), m.parameters(), in.values()[k]));
            }
            boolean accuracy = in.type() == TaskType.CLASSIFICATION_ACC;
            ScalingAnalysis.Trend t = ScalingAnalysis.analyse(mv, accuracy ? -1 : 1, accuracy, BOOTSTRAP);
            for (int k = 0; k < t.models().size(); k++) {
                ScalingAnalysis.ModelSummary s = t.models().get(k);
                int index = indexOf(in.models(), s.model());
                out.add(new Line(in.name(), s.model(), s.parameters(), s.n(), s.mean(), s.sem(), s.ci95().low(),
                        s.ci95().high(), meanOf(in.correct()[index]), meanOf(in.mass()[index])));
            }
            boolean decided = t.models().size() >= 2 && !Double.isNaN(t.slopePerDecade());
            verdicts.add(new RubricLines.Entry(in.part(), in.family(), decided ? t.verdict() : null));
            heads.add(headline(in.name(), t, accuracy ? "accuracy" : in.type().isLogodds() ? "logodds difference" : "loss"));
        }
        heads.addAll(1, RubricLines.of(verdicts));
        return new Result(out, heads);
    }

    private static int indexOf(List<ModelInfo> models, String name) {
        for (int i = 0; i < models.size(); i++) if (models.get(i).name().equals(name)) return i;
        throw new IllegalStateException("no model " + name);
    }

    private static double meanOf(double[] v) {
        double sum = 0;
        int n = 0;
        for (double d : v) {
            if (Double.isNaN(d)) continue;
            sum += d;
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The rubric's size rule: at least 300 examples, about 1000 advised. */
    static String sizeRule(int rows) {
        if (rows < 300) return "Size: " + rows + " examples — the contest asks for at least 300 (about 1000 advised)";
        if (rows < 1000) return "Size: " + rows + " examples — enough to enter; about 1000 is advised";
        return "Size: " + rows + " examples — meets the advised 1000";
    }

    static String headline(String series, ScalingAnalysis.Trend t, String what) {
        if (t.models().size() < 2 || Double.isNaN(t.slopePerDecade())) {
            return series + ": needs scores from at least two model sizes";
        }
        String verdict = RubricLines.text(t.verdict());
        return String.format(Locale.ROOT,
                "%s: %s %+.3f per decade of parameters (95%% interval %+.3f to %+.3f) — %s; %s, %.0f%% of resamples "
                        + "strictly monotonic; %d examples scored by all %d models",
                series, what, t.slopePerDecade(), t.slopeCi95().low(), t.slopeCi95().high(), verdict,
                t.strictlyMonotonic() ? "strictly monotonic" : "not monotonic", 100 * t.monotonicShare(),
                t.pairedExamples(), t.models().size());
    }
}
