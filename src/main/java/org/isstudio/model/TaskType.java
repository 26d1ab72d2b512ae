package org.isstudio.model;

import java.util.List;
import java.util.Locale;

/**
 * The contest's {@code --task-type} values (prize spec §2.3). The three classification names run the same
 * scoring and differ only in what the plot shows; {@link #CLASSIFICATION_ACC} is a view of classification.
 */
public enum TaskType {
    CLASSIFICATION("classification"),
    CLASSIFICATION_LOSS("classification_loss"),
    CLASSIFICATION_ACC("classification_acc"),
    SEQUENCE_PROB("sequence_prob"),
    LOGODDS("logodds"),
    ABSOLUTE_LOGODDS("absolute_logodds");

    private final String contestName;

    TaskType(String contestName) {
        this.contestName = contestName;
    }

    /** The spelling the contest's command line and form use. */
    public String contestName() {
        return contestName;
    }

    public boolean isClassification() {
        return this == CLASSIFICATION || this == CLASSIFICATION_LOSS || this == CLASSIFICATION_ACC;
    }

    public boolean isLogodds() {
        return this == LOGODDS || this == ABSOLUTE_LOGODDS;
    }

    /** The columns the official loader reads by name; any other column is carried along and ignored. */
    public List<String> requiredColumns() {
        if (isClassification()) return List.of(Columns.PROMPT, Columns.CLASSES, Columns.ANSWER_INDEX);
        if (isLogodds()) return List.of(Columns.PROMPT, Columns.OTHER_PROMPT, Columns.CLASSES, Columns.ANSWER_INDEX);
        return List.of(Columns.PROMPT, Columns.COMPLETION);
    }

    /** Accepts the contest spelling, case-insensitively, with '-' for '_'. */
    public static TaskType parse(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        for (TaskType t : values()) {
            if (t.contestName.equals(wanted)) return t;
        }
        throw new IllegalArgumentException("unknown task type '" + name + "' (expected one of "
                + String.join(", ", List.of(values()).stream().map(TaskType::contestName).toList()) + ")");
    }

    @Override
    public String toString() {
        return contestName;
    }
}
