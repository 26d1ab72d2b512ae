package org.isstudio.ui.chart;

import javafx.animation.Animation;
import javafx.animation.PauseTransition;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;

/**
 * The live scaling chart in a jfreechart-fx {@link ChartViewer} (zoom by dragging, tooltips, and PNG/SVG
 * export from its context menu), redrawn from the {@link ScalingChartViewModel} on the FX thread. The
 * toolbar adds the "first N rows" curve, which shows whether the trend holds as the dataset grows.
 */
public final class ScalingChartView extends BorderPane {

    private final ScalingChartViewModel vm;
    private final JFreeChart chart;
    private final ChartViewer viewer;
    private final Label empty = new Label("The chart fills in as scores arrive.\nChoose a model series and press Score.");
    private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark");
    /** The chart is redrawn at most this often; the newest content is always drawn in the end. */
    static final Duration MIN_INTERVAL = Duration.millis(250);
    private final PauseTransition later = new PauseTransition();
    private long lastRedraw = System.nanoTime() - 1_000_000_000L;

    public ScalingChartView(ScalingChartViewModel vm) {
        this.vm = vm;
        getStyleClass().add("chart-view");
        chart = ScalingCharts.createChart(vm.metricProperty().get());
        viewer = new ChartViewer(chart);
        viewer.setId("scalingChart");
        empty.getStyleClass().add("placeholder");
        empty.setAlignment(Pos.CENTER);
        StackPane stack = new StackPane(viewer, empty);
        setCenter(stack);

        CheckBox firstN = new CheckBox("Also on the first");
        Spinner<Integer> n = new Spinner<>(10, 100_000, 300, 50);
        n.setEditable(true);
        n.setPrefWidth(90);
        n.disableProperty().bind(firstN.selectedProperty().not());
        firstN.setTooltip(new Tooltip("Adds the curve on the first N rows, to see whether the trend is stable as the dataset grows"));
        firstN.selectedProperty().addListener((obs, o, on) -> vm.firstNProperty().set(on ? n.getValue() : 0));
        n.valueProperty().addListener((obs, o, v) -> {
            if (firstN.isSelected()) vm.firstNProperty().set(v);
        });
        ToolBar bar = new ToolBar(firstN, n, new Label("rows"));
        bar.getStyleClass().add("chart-toolbar");
        setBottom(bar);

        later.setOnFinished(e -> redraw());
        vm.series().addListener((ListChangeListener<CurveSeries>) c -> requestRedraw());
        vm.metricProperty().addListener((obs, o, m) -> requestRedraw());
        vm.baselineProperty().addListener((obs, o, b) -> requestRedraw());
        dark.addListener((obs, o, d) -> redraw());
        redraw();
    }

    /**
     * Redraws now, or when {@link #MIN_INTERVAL} has passed since the last redraw: drawing the chart takes the FX
     * thread tens of milliseconds, and while scores stream its content changes at every pulse.
     */
    private void requestRedraw() {
        if (later.getStatus() == Animation.Status.RUNNING) return;
        long since = System.nanoTime() - lastRedraw;
        if (since >= MIN_INTERVAL.toMillis() * 1_000_000) {
            redraw();
        } else {
            later.setDuration(Duration.millis(MIN_INTERVAL.toMillis() - since / 1e6));
            later.playFromStart();
        }
    }

    private void redraw() {
        lastRedraw = System.nanoTime();
        // every setter of a JFreeChart repaints the viewer's canvas at once: one repaint for the whole change
        chart.setNotify(false);
        try {
            ScalingCharts.update(chart, vm.metricProperty().get(), vm.series(), vm.baselineProperty().get());
            ScalingCharts.applyTheme(chart, dark.get());
        } finally {
            chart.setNotify(true);
        }
        boolean nothing = vm.series().stream().allMatch(s -> s.points().isEmpty());
        empty.setVisible(nothing);
        // an empty log axis has no sensible ticks; show the hint alone until the first point
        viewer.setVisible(!nothing);
    }

    public JFreeChart chart() {
        return chart;
    }

    public BooleanProperty darkProperty() {
        return dark;
    }
}
