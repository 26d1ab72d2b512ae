package org.isstudio.ui.chart;

import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A logarithmic parameter-count axis with its ticks at the models' sizes, labelled with the models' names,
 * as the contest's plot has them (prize spec §5). Falls back to the usual powers of ten while no model is known.
 */
final class ModelTickAxis extends LogAxis {

    private final TreeMap<Double, String> labels = new TreeMap<>();

    ModelTickAxis(String label) {
        super(label);
        setSmallestValue(1);
    }

    /** @param byParameters tick label per parameter count; models of equal size share one tick */
    void setModelTicks(Map<Double, String> byParameters) {
        labels.clear();
        labels.putAll(byParameters);
        fireChangeEvent();
    }

    @Override
    protected List<ValueTick> refreshTicksHorizontal(java.awt.Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        if (labels.isEmpty()) return super.refreshTicksHorizontal(g2, dataArea, edge);
        List<ValueTick> ticks = new ArrayList<>();
        double lastLabelled = Double.NEGATIVE_INFINITY;
        for (Map.Entry<Double, String> e : labels.entrySet()) {
            if (!getRange().contains(e.getKey())) continue;
            // models of nearly equal size would print their names over each other: label the first only
            double x = valueToJava2D(e.getKey(), dataArea, edge);
            double width = g2.getFontMetrics(getTickLabelFont()).stringWidth(e.getValue());
            boolean room = x - width / 2 - lastLabelled > 12;
            ticks.add(new NumberTick(e.getKey(), room ? e.getValue() : "", TextAnchor.TOP_CENTER, TextAnchor.CENTER, 0));
            if (room) lastLabelled = x + width / 2;
        }
        return ticks;
    }
}
