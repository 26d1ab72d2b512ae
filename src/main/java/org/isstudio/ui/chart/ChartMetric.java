package org.isstudio.ui.chart;

import org.isstudio.model.TaskType;

/**
 * What the contest's plot shows for a task type (prize spec §5): the title, the y label, and whether the
 * y axis is logarithmic.
 */
public record ChartMetric(String title, String yLabel, boolean logY, boolean errorBars) {

    public static ChartMetric of(TaskType type) {
        return switch (type) {
            case CLASSIFICATION, CLASSIFICATION_LOSS, SEQUENCE_PROB ->
                    new ChartMetric("Log-log plot of loss vs model size", "Loss", true, true);
            case CLASSIFICATION_ACC -> new ChartMetric("Log plot of accuracy vs model size", "Accuracy", false, false);
            case LOGODDS -> new ChartMetric("Log plot of logodds differences vs model size", "Logodds difference",
                    false, true);
            case ABSOLUTE_LOGODDS -> new ChartMetric("Log plot of absolute logodds differences vs model size",
                    "Absolute logodds difference", false, true);
        };
    }
}
