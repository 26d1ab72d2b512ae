package org.isstudio.ui.chart;

import org.isstudio.eval.report.PlotStyle;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.XYToolTipGenerator;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scaling chart's look and content, independent of any window (the jfreechart-fx demos' createChart):
 * x is the parameter count on a log axis with the models' names as ticks, y the metric (log for losses, as
 * the contest plots them), one line with SEM error bars per series, and the dashed equal-probability baseline.
 */
public final class ScalingCharts {

    /** Colours that stay distinguishable for the common colour-vision deficiencies (Okabe–Ito). */
    private static final Color[] PALETTE = {
            new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0xE69F00), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000)};

    private ScalingCharts() {
    }

    public static JFreeChart createChart(PlotStyle metric) {
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        XYPlot plot = new XYPlot(data, new ModelTickAxis(PlotStyle.X_LABEL), yAxis(metric), renderer());
        plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
        plot.setDomainGridlinesVisible(true);
        JFreeChart chart = new JFreeChart(metric.title(), new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(new org.jfree.chart.block.BlockBorder(0, 0, 0, 0));
        applyTheme(chart, false);
        return chart;
    }

    private static ValueAxis yAxis(PlotStyle metric) {
        if (metric.logY()) {
            LogAxis y = new LogAxis(metric.yLabel());
            y.setSmallestValue(1e-3);
            y.setNumberFormatOverride(new java.text.DecimalFormat("0.##"));
            return y;
        }
        NumberAxis y = new NumberAxis(metric.yLabel());
        y.setAutoRangeIncludesZero(false);
        if (metric.fixedUnitRange()) {
            y.setAutoRange(false);
            y.setRange(new Range(-0.02, 1.02));
        }
        return y;
    }

    private static XYErrorRenderer renderer() {
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDefaultLinesVisible(true);
        r.setDefaultShapesVisible(true);
        r.setDrawXError(false);
        r.setCapLength(6);
        r.setErrorStroke(new BasicStroke(1.2f));
        r.setDefaultToolTipGenerator(new PointTooltips());
        return r;
    }

    /** Tooltip text per series and item: the model, the value with its SEM and the number of rows. */
    private static final class PointTooltips implements XYToolTipGenerator, java.io.Serializable {
        private final List<List<String>> texts = new java.util.ArrayList<>();

        @Override
        public String generateToolTip(org.jfree.data.xy.XYDataset dataset, int series, int item) {
            return series < texts.size() && item < texts.get(series).size() ? texts.get(series).get(item) : null;
        }
    }

    /** Replaces the chart's metric (axes, title) and content. Call on the FX thread while the chart is shown. */
    public static void update(JFreeChart chart, PlotStyle metric, List<CurveSeries> series, double baseline) {
        XYPlot plot = chart.getXYPlot();
        if (!chart.getTitle().getText().equals(metric.title())) {
            chart.setTitle(metric.title());
            plot.setRangeAxis(yAxis(metric));
        }
        XYIntervalSeriesCollection data = (XYIntervalSeriesCollection) plot.getDataset();
        XYErrorRenderer renderer = (XYErrorRenderer) plot.getRenderer();
        data.removeAllSeries();
        PointTooltips tips = (PointTooltips) renderer.getDefaultToolTipGenerator();
        tips.texts.clear();
        Map<Double, String> ticks = new java.util.TreeMap<>();
        double min = Double.MAX_VALUE, max = 0;
        Map<String, Integer> colourOfFamilyPart = new HashMap<>();
        for (CurveSeries c : series) {
            if (c.points().isEmpty()) continue;
            int n = c.points().stream().mapToInt(CurveSeries.Point::n).max().orElse(0);
            String legend = c.name() + " — " + metric.lineLabel(n);
            XYIntervalSeries s = new XYIntervalSeries(legend, false, true);
            List<String> texts = new java.util.ArrayList<>();
            for (CurveSeries.Point p : c.points()) {
                double x = p.model().parameters();
                double sem = metric.errorBars() ? p.sem() : 0;
                s.add(x, x, x, p.mean(), p.mean() - sem, p.mean() + sem);
                ticks.merge(x, p.model().shortName(), (a, b) -> a.equals(b) ? a : a + "/" + b);
                min = Math.min(min, x);
                max = Math.max(max, x);
                texts.add(String.format(Locale.ROOT, "%s — %s%n%s %.4f ± %.4f (SEM), %d rows", c.name(),
                        p.model().name(), metric.yLabel(), p.mean(), p.sem(), p.n()));
            }
            int index = data.getSeriesCount();
            tips.texts.add(texts);
            data.addSeries(s);
            String colourKey = c.part() + "|" + c.family();
            int colour = colourOfFamilyPart.computeIfAbsent(colourKey, k -> colourOfFamilyPart.size());
            renderer.setSeriesPaint(index, PALETTE[colour % PALETTE.length]);
            boolean control = c.part().kind() == org.isstudio.model.PartKind.CONTROL;
            boolean firstN = c.rows() > 0;
            renderer.setSeriesStroke(index, control || firstN
                    ? new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[]{6f, 4f}, 0f)
                    : new BasicStroke(2f));
        }
        ModelTickAxis x = (ModelTickAxis) plot.getDomainAxis();
        x.setModelTicks(ticks);
        if (max > 0) {
            // half a decade of margin, so the end points and their tick labels are not cut
            x.setRange(min / Math.sqrt(10), max * Math.sqrt(10));
        }
        plot.clearRangeMarkers();
        if (!Double.isNaN(baseline)) {
            ValueMarker m = new ValueMarker(baseline, Color.DARK_GRAY,
                    new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[]{5f, 5f}, 0f));
            m.setLabel(PlotStyle.BASELINE_LABEL);
            m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
            m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            plot.addRangeMarker(m);
            if (plot.getRangeAxis() instanceof ValueAxis y && y.isAutoRange()) {
                // keep the baseline in view even when every point is far from it
                Range r = data.getSeriesCount() == 0 ? null : plot.getDataRange(y);
                if (r != null) y.setRange(Range.expandToInclude(r, baseline), false, true);
            }
        }
    }

    /** Light or dark colours for the chart's background, grid and text. */
    public static void applyTheme(JFreeChart chart, boolean dark) {
        Paint bg = dark ? new Color(0x1f2329) : Color.WHITE;
        Paint plotBg = dark ? new Color(0x262b31) : new Color(0xfafbfc);
        Paint fg = dark ? new Color(0xd8dde3) : new Color(0x24292f);
        Paint grid = dark ? new Color(0x3a414a) : new Color(0xdde1e6);
        chart.setBackgroundPaint(bg);
        chart.getTitle().setPaint(fg);
        if (chart.getLegend() != null) {
            chart.getLegend().setBackgroundPaint(bg);
            chart.getLegend().setItemPaint(fg);
        }
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(plotBg);
        plot.setDomainGridlinePaint(grid);
        plot.setRangeGridlinePaint(grid);
        plot.setOutlineVisible(false);
        for (ValueAxis a : new ValueAxis[]{plot.getDomainAxis(), plot.getRangeAxis()}) {
            a.setLabelPaint(fg);
            a.setTickLabelPaint(fg);
            a.setAxisLinePaint(grid);
            a.setTickMarkPaint(grid);
        }
    }
}
