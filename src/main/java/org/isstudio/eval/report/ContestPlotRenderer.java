package org.isstudio.eval.report;

import org.isstudio.format.AtomicFiles;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws a {@link ScalingPlot} the way the contest's {@code plot_loss.py} does with matplotlib's {@code ggplot} style:
 * a 6 x 4 inch figure, grey panel with white grid lines, the ggplot colour cycle, log-scaled parameter counts on x
 * with a tick per model labelled with its name, log y for losses, SEM error bars without caps, the dashed black
 * baseline, the legend inside the panel. Headless: PNG through AWT, SVG through JFreeSVG. No JavaFX.
 */
public final class ContestPlotRenderer {

    /** matplotlib's figure size 6 x 4 in at its default 100 dpi. */
    public static final int WIDTH = 600;
    public static final int HEIGHT = 400;

    /** ggplot's {@code axes.prop_cycle}. */
    private static final Color[] CYCLE = {new Color(0xE24A33), new Color(0x348ABD), new Color(0x988ED5),
            new Color(0x777777), new Color(0xFBC15E), new Color(0x8EBA42), new Color(0xFFB5B8)};
    private static final Color PANEL = new Color(0xE5E5E5);
    private static final Color TICK_TEXT = new Color(0x555555);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    /** matplotlib's "--" at line width 1.5. */
    private static final Stroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {5.55f, 2.4f}, 0f);

    private ContestPlotRenderer() {
    }

    public static JFreeChart chart(ScalingPlot plot) {
        PlotStyle style = plot.style();
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        Map<Double, String> ticks = new TreeMap<>();
        for (ScalingPlot.Line line : plot.lines()) {
            YIntervalSeries s = new YIntervalSeries(line.label(), false, true);
            // the contest sorts each line's points by size before joining them
            for (ScalingPlot.Point p : line.points().stream().sorted(Comparator.comparingLong(ScalingPlot.Point::parameters)).toList()) {
                double sem = style.errorBars() && !Double.isNaN(p.sem()) ? p.sem() : 0;
                s.add(p.parameters(), p.value(), p.value() - sem, p.value() + sem);
                ticks.merge((double) p.parameters(), p.model(), (a, b) -> a.equals(b) || a.contains(b) ? a : a + "/" + b);
            }
            data.addSeries(s);
        }

        ModelSizeAxis x = new ModelSizeAxis(ticks);
        ValueAxis y = yAxis(style);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultShapesVisible(false);
        renderer.setDefaultLinesVisible(true);
        renderer.setDrawXError(false);
        renderer.setDrawYError(style.errorBars());
        renderer.setCapLength(0);
        renderer.setErrorStroke(new BasicStroke(1.5f));
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, CYCLE[i % CYCLE.length]);
            renderer.setSeriesStroke(i, new BasicStroke(1.5f));
        }

        XYPlot xy = new XYPlot(data, x, y, renderer);
        xy.setBackgroundPaint(PANEL);
        xy.setOutlineVisible(false);
        xy.setDomainGridlinePaint(Color.WHITE);
        xy.setRangeGridlinePaint(Color.WHITE);
        xy.setDomainGridlineStroke(new BasicStroke(0.8f));
        xy.setRangeGridlineStroke(new BasicStroke(0.8f));
        xy.setAxisOffset(RectangleInsets.ZERO_INSETS);

        LegendItemCollection legend = new LegendItemCollection();
        if (!Double.isNaN(plot.baseline())) {
            xy.addRangeMarker(new ValueMarker(plot.baseline(), Color.BLACK, DASHED));
            LegendItem item = new LegendItem(PlotStyle.BASELINE_LABEL, null, null, null, new Line2D.Double(-7, 0, 7, 0),
                    DASHED, Color.BLACK);
            legend.add(item);
        }
        for (int i = 0; i < data.getSeriesCount(); i++) {
            legend.add(new LegendItem(data.getSeriesKey(i).toString(), null, null, null, new Line2D.Double(-7, 0, 7, 0),
                    new BasicStroke(1.5f), CYCLE[i % CYCLE.length]));
        }
        xy.setFixedLegendItems(legend);

        fitRanges(plot, data, x, y, style);

        JFreeChart chart = new JFreeChart(style.title(), TITLE_FONT, xy, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(4, 4, 4, 12));
        if (legend.getItemCount() > 0) {
            LegendTitle title = new LegendTitle(xy);
            title.setItemFont(TICK_FONT);
            title.setBackgroundPaint(new Color(0xE5, 0xE5, 0xE5, 204));
            title.setFrame(new BlockBorder(new Color(0xCCCCCC)));
            title.setPadding(new RectangleInsets(3, 5, 3, 5));
            double[] corner = emptiestCorner(plot, x, y);
            XYTitleAnnotation at = new XYTitleAnnotation(corner[0], corner[1], title, corner[0] < 0.5
                    ? (corner[1] > 0.5 ? RectangleAnchor.TOP_LEFT : RectangleAnchor.BOTTOM_LEFT)
                    : (corner[1] > 0.5 ? RectangleAnchor.TOP_RIGHT : RectangleAnchor.BOTTOM_RIGHT));
            xy.addAnnotation(at);
        }
        return chart;
    }

    /** Writes the plot as a PNG of {@link #WIDTH} x {@link #HEIGHT} points at {@code scale} pixels per point. */
    public static void writePng(ScalingPlot plot, Path file, double scale) throws IOException {
        BufferedImage image = new BufferedImage((int) Math.round(WIDTH * scale), (int) Math.round(HEIGHT * scale),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.scale(scale, scale);
            chart(plot).draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        AtomicFiles.write(file, png.toByteArray());
    }

    /** Writes the plot as an SVG document of {@link #WIDTH} x {@link #HEIGHT}, text kept as text. */
    public static void writeSvg(ScalingPlot plot, Path file) throws IOException {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        chart(plot).draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
        String doc = g.getSVGDocument();
        // matplotlib's SVGs carry every text as a comment beside its glyphs, and the organisers' plots are searched
        // that way; JFreeSVG keeps most text as text but draws rotated labels as outlines, so name them too
        StringBuilder comments = new StringBuilder();
        for (String text : List.of(plot.style().title(), PlotStyle.X_LABEL, plot.style().yLabel())) {
            comments.append("\n<!-- ").append(text.replace("--", "- -")).append(" -->");
        }
        int afterRoot = doc.indexOf('>', doc.indexOf("<svg")) + 1;
        byte[] svg = (doc.substring(0, afterRoot) + comments + doc.substring(afterRoot)).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, svg);
    }

    private static ValueAxis yAxis(PlotStyle style) {
        ValueAxis y;
        if (style.logY()) {
            y = new LogValueAxis(style.yLabel());
        } else {
            NumberAxis lin = new NumberAxis(style.yLabel());
            lin.setAutoRangeIncludesZero(false);
            y = lin;
        }
        styleAxis(y);
        return y;
    }

    private static void styleAxis(ValueAxis axis) {
        axis.setLabelFont(LABEL_FONT);
        axis.setLabelPaint(TICK_TEXT);
        axis.setTickLabelFont(TICK_FONT);
        axis.setTickLabelPaint(TICK_TEXT);
        axis.setAxisLineVisible(false);
        axis.setTickMarkPaint(TICK_TEXT);
        axis.setTickMarkOutsideLength(3.5f);
        axis.setTickMarkInsideLength(0);
    }

    /** matplotlib's autoscaling: the data (error bars and baseline included) plus a 5% margin on each side. */
    private static void fitRanges(ScalingPlot plot, YIntervalSeriesCollection data, ValueAxis x, ValueAxis y,
                                  PlotStyle style) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < data.getSeriesCount(); s++) {
            for (int i = 0; i < data.getItemCount(s); i++) {
                minX = Math.min(minX, data.getXValue(s, i));
                maxX = Math.max(maxX, data.getXValue(s, i));
                for (double v : new double[] {data.getStartYValue(s, i), data.getEndYValue(s, i)}) {
                    if (!Double.isFinite(v) || (style.logY() && v <= 0)) continue;
                    minY = Math.min(minY, v);
                    maxY = Math.max(maxY, v);
                }
            }
        }
        if (!Double.isNaN(plot.baseline())) {
            minY = Math.min(minY, plot.baseline());
            maxY = Math.max(maxY, plot.baseline());
        }
        if (minX <= maxX) {
            double lo = Math.log10(minX);
            double hi = Math.log10(maxX);
            double margin = hi > lo ? 0.05 * (hi - lo) : 0.5;
            x.setRange(Math.pow(10, lo - margin), Math.pow(10, hi + margin));
        }
        if (style.fixedUnitRange()) {
            y.setRange(-0.02, 1.02);
        } else if (minY <= maxY) {
            if (style.logY()) {
                double lo = Math.log10(minY);
                double hi = Math.log10(maxY);
                double margin = hi > lo ? 0.05 * (hi - lo) : 0.05;
                y.setRange(Math.pow(10, lo - margin), Math.pow(10, hi + margin));
            } else {
                double margin = maxY > minY ? 0.05 * (maxY - minY) : Math.max(0.05, Math.abs(maxY) * 0.05);
                y.setRange(minY - margin, maxY + margin);
            }
        }
    }

    /**
     * Where matplotlib's {@code loc="best"} would most likely put the legend: the corner of the panel with the
     * fewest data points near it, as fractions of the panel ({@code [x, y]}, y up).
     */
    private static double[] emptiestCorner(ScalingPlot plot, ValueAxis x, ValueAxis y) {
        double[][] corners = {{0.02, 0.98}, {0.98, 0.98}, {0.02, 0.02}, {0.98, 0.02}};
        int[] crowd = new int[corners.length];
        for (ScalingPlot.Line line : plot.lines()) {
            for (ScalingPlot.Point p : line.points()) {
                double fx = fraction(x, p.parameters());
                double fy = fraction(y, p.value());
                for (int c = 0; c < corners.length; c++) {
                    if (Math.abs(fx - corners[c][0]) < 0.55 && Math.abs(fy - corners[c][1]) < 0.45) crowd[c]++;
                }
            }
        }
        int best = 0;
        for (int c = 1; c < corners.length; c++) if (crowd[c] < crowd[best]) best = c;
        return corners[best];
    }

    private static double fraction(ValueAxis axis, double v) {
        Range r = axis.getRange();
        if (axis instanceof LogAxis) {
            return (Math.log10(v) - Math.log10(r.getLowerBound())) / (Math.log10(r.getUpperBound()) - Math.log10(r.getLowerBound()));
        }
        return (v - r.getLowerBound()) / r.getLength();
    }

    /**
     * A log-scaled value axis ticked like matplotlib's {@code LogLocator}: decades, and when the range spans little
     * more than a decade also their multiples (1-9, or 1, 2, 5), labelled in plain decimals. Ticks are plain-text
     * labels, so an SVG keeps them as text.
     */
    private static final class LogValueAxis extends LogAxis {
        LogValueAxis(String label) {
            super(label);
            setSmallestValue(1e-9);
            styleAxis(this);
        }

        @Override
        protected List<ValueTick> refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            Range r = getRange();
            double decades = Math.log10(r.getUpperBound()) - Math.log10(r.getLowerBound());
            int[] multiples = decades <= 1.2 ? new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9}
                    : decades <= 3 ? new int[] {1, 2, 5} : new int[] {1};
            List<ValueTick> ticks = new ArrayList<>();
            DecimalFormat format = new DecimalFormat("0.####");
            for (int k = (int) Math.floor(Math.log10(r.getLowerBound())); k <= Math.ceil(Math.log10(r.getUpperBound())); k++) {
                for (int m : multiples) {
                    double v = m * Math.pow(10, k);
                    if (r.contains(v)) {
                        ticks.add(new NumberTick(v, format.format(v), TextAnchor.CENTER_RIGHT, TextAnchor.CENTER, 0));
                    }
                }
            }
            return ticks;
        }
    }

    /** The log-scaled x-axis with a tick at each model's size labelled with its name ({@code plt.xticks(ticks, labels)}). */
    private static final class ModelSizeAxis extends LogAxis {
        private final Map<Double, String> labels;

        ModelSizeAxis(Map<Double, String> labels) {
            super(PlotStyle.X_LABEL);
            this.labels = Map.copyOf(labels);
            setSmallestValue(1);
            styleAxis(this);
        }

        @Override
        protected List<ValueTick> refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            List<ValueTick> ticks = new ArrayList<>();
            for (Map.Entry<Double, String> e : new TreeMap<>(labels).entrySet()) {
                ticks.add(new NumberTick(e.getKey(), e.getValue(), TextAnchor.TOP_CENTER, TextAnchor.CENTER, 0));
            }
            return ticks;
        }
    }
}
