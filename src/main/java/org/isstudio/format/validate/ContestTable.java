package org.isstudio.format.validate;

import org.isstudio.format.csv.CsvRecord;
import org.isstudio.format.csv.CsvTable;
import org.isstudio.model.Columns;
import org.isstudio.model.Row;
import org.isstudio.model.TaskType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Contest rows to validate, with where each came from.
 *
 * @param file    the file name diagnostics carry
 * @param rows    the rows; a cell the file did not have is absent from its row
 * @param lines   per row, the number diagnostics carry (the line in the file; for project parts the row number
 *                in the exported CSV, the header being row 1)
 * @param dialect how cells are read: {@link Dialect#CSV} applies pandas' NA strings and dtype inference to the
 *                text; {@link Dialect#JSON} cells were typed in the file, so only absent cells are missing
 * @param implicitIndexColumns leading columns pandas would take as the index (CSV only)
 * @param fromProject whether the rows belong to a project part, so diagnostics carry row ids
 */
public record ContestTable(String file, TaskType type, List<String> columns, List<Row> rows, List<Integer> lines,
                           Dialect dialect, int implicitIndexColumns, boolean fromProject) {

    public enum Dialect { CSV, JSON }

    public ContestTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        lines = List.copyOf(lines);
        if (rows.size() != lines.size()) throw new IllegalArgumentException("one line number per row");
    }

    /** A CSV file as pandas reads it; rows get ids {@code r<line>}. */
    public static ContestTable of(CsvTable t, TaskType type) {
        List<Row> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (CsvRecord r : t.records()) {
            Map<String, String> cells = new LinkedHashMap<>();
            for (int c = 0; c < t.columns().size(); c++) {
                if (r.cell(c) != null) cells.put(t.columns().get(c), r.cell(c));
            }
            rows.add(new Row("r" + r.line(), cells));
            lines.add(r.line());
        }
        return new ContestTable(t.file(), type, t.columns(), rows, lines, Dialect.CSV, t.implicitIndexColumns(), false);
    }

    /** The contest type the columns call for: other_prompt means logodds, classes classification, completion sequence_prob. */
    public static TaskType inferType(List<String> columns) {
        if (columns.contains(Columns.OTHER_PROMPT) || columns.contains("biased_prompt")) return TaskType.LOGODDS;
        if (columns.contains(Columns.CLASSES) || columns.contains(Columns.ANSWER_INDEX)) return TaskType.CLASSIFICATION;
        if (columns.contains(Columns.COMPLETION)) return TaskType.SEQUENCE_PROB;
        return TaskType.CLASSIFICATION;
    }
}
