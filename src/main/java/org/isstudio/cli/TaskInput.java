package org.isstudio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isstudio.eval.EvalItem;
import org.isstudio.eval.TaskRun;
import org.isstudio.format.csv.CsvFormatException;
import org.isstudio.format.csv.CsvRecord;
import org.isstudio.format.csv.CsvTable;
import org.isstudio.format.csv.Pandas;
import org.isstudio.format.csv.PandasCsvReader;
import org.isstudio.format.pyliteral.PyLiteral;
import org.isstudio.format.pyliteral.PyLiteralException;
import org.isstudio.model.Columns;
import org.isstudio.model.Diagnostic;
import org.isstudio.model.Example;
import org.isstudio.model.Severity;
import org.isstudio.model.TaskType;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a contest task file into examples the way the contest's loader does ({@code pandas.read_csv} /
 * {@code read_json(lines=True)}, columns by name, {@code classes} through {@code ast.literal_eval}), refusing what
 * the contest's code would crash on or misread, with the file, row and column of each problem.
 */
final class TaskInput {

    /** The task as one series, and the rows that cannot be scored (empty when all can). */
    record Loaded(TaskRun.Series series, List<Diagnostic> errors) {
    }

    private TaskInput() {
    }

    static Loaded read(Path file, TaskType type) throws IOException {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        List<Map<String, String>> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<Diagnostic> errors = new ArrayList<>();
        if (lower.endsWith(".csv")) {
            CsvTable table;
            try {
                table = PandasCsvReader.read(file);
            } catch (CsvFormatException e) {
                throw new IOException(e.getMessage(), e);
            }
            for (String column : type.requiredColumns()) {
                if (table.columnIndex(column) < 0) errors.add(error(name, 1, column, "the column is missing (the file has "
                        + String.join(", ", table.columns()) + ")"));
            }
            if (!errors.isEmpty()) return new Loaded(new TaskRun.Series(name, type, List.of()), errors);
            if (type == TaskType.SEQUENCE_PROB && Pandas.inferDtype(table.column(Columns.COMPLETION)) != Pandas.Dtype.OBJECT) {
                errors.add(error(name, 1, Columns.COMPLETION, "every completion looks like a number, so pandas reads the "
                        + "column as numbers and the contest's code fails on prompt + completion"));
            }
            for (CsvRecord r : table.records()) {
                Map<String, String> row = new HashMap<>();
                for (String column : type.requiredColumns()) row.put(column, r.cell(table.columnIndex(column)));
                rows.add(row);
                lines.add(r.line());
            }
        } else if (lower.endsWith(".jsonl")) {
            ObjectMapper json = new ObjectMapper();
            List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < text.size(); i++) {
                if (text.get(i).isBlank()) continue;
                JsonNode node;
                try {
                    node = json.readTree(text.get(i));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    errors.add(error(name, i + 1, "", "not JSON: " + e.getOriginalMessage()));
                    continue;
                }
                Map<String, String> row = new HashMap<>();
                for (String column : type.requiredColumns()) {
                    JsonNode v = node.get(column);
                    // the data release stores classes as a Python literal in a string; a JSON array is accepted too
                    row.put(column, v == null || v.isNull() ? null : v.isArray() ? PyLiteral.reprStrings(strings(v)) : v.asText());
                }
                rows.add(row);
                lines.add(i + 1);
            }
        } else {
            throw new IOException(name + ": the contest reads .csv and .jsonl task files only");
        }

        List<EvalItem> items = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Example e = example(name, lines.get(i), rows.get(i), type, errors);
            if (e != null) items.add(new EvalItem(new EvalItem.Key(name, Integer.toString(i)), e));
        }
        return new Loaded(new TaskRun.Series(name, type, items), errors);
    }

    private static Example example(String file, int line, Map<String, String> row, TaskType type, List<Diagnostic> errors) {
        int before = errors.size();
        for (String column : type.requiredColumns()) {
            String v = row.get(column);
            if (Pandas.isNa(v)) {
                errors.add(error(file, line, column, v == null ? "the cell is missing"
                        : "pandas reads '" + v + "' as NaN and the contest's code fails on it"));
            }
        }
        if (errors.size() > before) return null;
        if (type == TaskType.SEQUENCE_PROB) return new Example.SequenceProb(row.get(Columns.PROMPT), row.get(Columns.COMPLETION));

        List<String> classes;
        try {
            classes = PyLiteral.parseStringList(row.get(Columns.CLASSES));
        } catch (PyLiteralException e) {
            errors.add(error(file, line, Columns.CLASSES, "the cell " + e.getMessage()));
            return null;
        }
        int needed = type.isLogodds() ? 2 : -1;
        if (classes.size() < 2 || (needed > 0 && classes.size() != needed)) {
            errors.add(error(file, line, Columns.CLASSES, (needed > 0 ? "logodds needs exactly 2 classes" : "needs at least 2 classes")
                    + ", got " + classes.size()));
            return null;
        }
        if (classes.stream().anyMatch(String::isEmpty)) {
            errors.add(error(file, line, Columns.CLASSES, "a class is empty (the contest's code fails on it)"));
            return null;
        }
        String index = row.get(Columns.ANSWER_INDEX);
        if (!Pandas.isIntegerLiteral(index)) {
            errors.add(error(file, line, Columns.ANSWER_INDEX, "'" + index + "' is not an integer"));
            return null;
        }
        BigInteger a = Pandas.integerValue(index);
        if (a.signum() < 0 || a.compareTo(BigInteger.valueOf(classes.size())) >= 0) {
            errors.add(error(file, line, Columns.ANSWER_INDEX, a + " is not the index of one of the " + classes.size() + " classes"));
            return null;
        }
        return type.isLogodds()
                ? new Example.Logodds(row.get(Columns.PROMPT), row.get(Columns.OTHER_PROMPT), classes, a.intValue())
                : new Example.Classification(row.get(Columns.PROMPT), classes, a.intValue());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Diagnostic error(String file, int line, String column, String message) {
        return new Diagnostic(Severity.ERROR, file, line, column, message);
    }
}
