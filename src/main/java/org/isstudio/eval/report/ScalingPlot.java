package org.isstudio.eval.report;

import org.isstudio.model.TaskType;

import java.util.List;
import java.util.Objects;

/**
 * The content of a scaling plot: one line per part, control set, model family or dataset size, each a mean per
 * model with its SEM, and the baseline where the task type has one.
 *
 * @param baseline the dashed "equal probability" line, NaN for none (sequence_prob, logodds)
 */
public record ScalingPlot(TaskType type, boolean invert, List<Line> lines, double baseline) {

    public ScalingPlot {
        Objects.requireNonNull(type, "type");
        lines = List.copyOf(lines);
    }

    public PlotStyle style() {
        return PlotStyle.of(type, invert);
    }

    /** @param label the legend entry, e.g. {@code "300 examples (with SEM)"} */
    public record Line(String label, List<Point> points) {
        public Line {
            points = List.copyOf(points);
        }
    }

    /** @param sem the error bar's half-length; ignored where the style has no error bars */
    public record Point(String model, long parameters, double value, double sem) {
    }
}
