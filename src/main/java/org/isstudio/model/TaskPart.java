package org.isstudio.model;

import java.util.List;
import java.util.Objects;

/**
 * One file of a submission: the main file, a {@code -PART<i>} or a {@code -CONTROL<i>}, with its metric, its
 * column order and its rows. When {@code template} is non-null the rows hold template fields and the
 * template renders them into contest rows; otherwise the rows are contest rows as they are.
 *
 * <p>This class is immutable.
 */
public record TaskPart(PartKind kind, int number, TaskType taskType, List<String> columns, List<Row> rows,
                       PromptTemplate template) {

    public TaskPart {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(taskType, "taskType");
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public String fileStem(String taskName) {
        return kind.fileStem(taskName, number);
    }

    public TaskPart withRows(List<Row> newRows) {
        return new TaskPart(kind, number, taskType, columns, newRows, template);
    }

    public TaskPart withTemplate(PromptTemplate newTemplate) {
        return new TaskPart(kind, number, taskType, columns, rows, newTemplate);
    }
}
