package org.isstudio.eval.report;

import org.isstudio.model.TaskType;

/**
 * What the contest's {@code plot_loss.py} shows for a task type (prize spec §5): title, y label, y scale, whether
 * the lines carry SEM error bars, and the fixed accuracy range.
 */
public record PlotStyle(String title, String yLabel, boolean logY, boolean errorBars, boolean fixedUnitRange) {

    public static PlotStyle of(TaskType type, boolean invert) {
        PlotStyle s = switch (type) {
            case CLASSIFICATION, CLASSIFICATION_LOSS, SEQUENCE_PROB ->
                    new PlotStyle("Log-log plot of loss vs model size", "Loss", true, true, false);
            case CLASSIFICATION_ACC -> new PlotStyle("Log plot of accuracy vs model size", "Accuracy", false, false, true);
            case LOGODDS -> new PlotStyle("Log plot of logodds differences vs model size", "Logodds difference",
                    false, true, false);
            case ABSOLUTE_LOGODDS -> new PlotStyle("Log plot of absolute logodds differences vs model size",
                    "Absolute logodds difference", false, true, false);
        };
        return invert ? new PlotStyle(s.title + " (inverted)", s.yLabel, s.logY, s.errorBars, s.fixedUnitRange) : s;
    }

    /** The contest's legend label of a line over {@code n} examples. */
    public String lineLabel(int n) {
        return n + " examples" + (errorBars ? " (with SEM)" : "");
    }

    /** The x-axis label. */
    public static final String X_LABEL = "Model size";
    /** The baseline's legend label. */
    public static final String BASELINE_LABEL = "Baseline (equal probability)";
}
