package org.isstudio.format.jsonl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.isstudio.format.pyliteral.PyLiteral;
import org.isstudio.format.pyliteral.PyLiteralException;
import org.isstudio.format.template.TemplateRenderer;
import org.isstudio.format.validate.ContestTable;
import org.isstudio.model.Columns;
import org.isstudio.model.Diagnostic;
import org.isstudio.model.PartKind;
import org.isstudio.model.Row;
import org.isstudio.model.Severity;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The official data release's JSONL (prize spec §2.6): one JSON object per line with the contest columns,
 * {@code classes} stored as the Python list literal string, plus {@code round} and {@code part}:
 * <pre>{"prompt":"...","classes":"[' early.', ' never.']","answer_index":0,"round":2,"part":1}</pre>
 * Read as {@code pandas.read_json(path, lines=True)} types it: only a JSON string is text and only a JSON
 * integer is an integer, so {@code "answer_index": 1.0} or {@code "prompt": 5} are reported.
 */
public final class ReleaseJsonl {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A file read: its rows as a table for the validator, and what its JSON types get wrong. */
    public record Read(ContestTable table, List<Diagnostic> problems) {
    }

    private ReleaseJsonl() {
    }

    public static Read read(String file, String text) throws JsonlFormatException {
        List<Row> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        String[] physical = text.split("\r?\n|\r", -1);
        for (int i = 0; i < physical.length; i++) {
            String line = physical[i];
            if (line.isBlank()) continue;
            int lineNo = i + 1;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                var loc = e.getLocation();
                throw new JsonlFormatException(file, lineNo, loc == null ? 0 : loc.getColumnNr(), "not valid JSON: " + e.getOriginalMessage());
            }
            if (!(node instanceof ObjectNode obj)) throw new JsonlFormatException(file, lineNo, 1, "each line must be one JSON object");
            Map<String, String> cells = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : obj.properties()) {
                if (!columns.contains(e.getKey())) columns.add(e.getKey());
                JsonNode v = e.getValue();
                if (v.isNull()) continue;
                typeCheck(file, lineNo, e.getKey(), v, problems);
                cells.put(e.getKey(), JsonValues.pythonStr(v));
            }
            rows.add(new Row("r" + lineNo, cells));
            lines.add(lineNo);
        }
        ContestTable table = new ContestTable(file, ContestTable.inferType(columns), columns, rows, lines,
                ContestTable.Dialect.JSON, 0, false);
        return new Read(table, problems);
    }

    private static void typeCheck(String file, int line, String key, JsonNode v, List<Diagnostic> problems) {
        switch (key) {
            case Columns.PROMPT, Columns.COMPLETION, Columns.OTHER_PROMPT -> {
                if (!v.isTextual()) problems.add(new Diagnostic(Severity.ERROR, file, line, key, key + " is a JSON "
                        + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ", not a string; the contest code needs text"));
            }
            case Columns.ANSWER_INDEX -> {
                // a float is the validator's to report, as for CSV; a string is a JSON-only mistake
                if (v.isTextual()) problems.add(new Diagnostic(Severity.ERROR, file, line, key, "answer_index is the string "
                        + v + "; it must be a JSON integer such as 1"));
            }
            case Columns.CLASSES -> {
                if (!v.isTextual() && !v.isArray()) problems.add(new Diagnostic(Severity.ERROR, file, line, key,
                        "classes is " + v + "; it must be the list literal as a string, e.g. \"[' A', ' B']\""));
            }
            default -> {
            }
        }
    }

    /**
     * The release JSONL of a project's main file and parts ({@code part} 1 for a main file; {@code round} from the
     * row's own round column when it has one); control sets are not released.
     */
    public static String write(TaskProject project, int round) {
        StringBuilder out = new StringBuilder();
        for (TaskPart part : project.parts()) {
            if (part.kind() == PartKind.CONTROL) continue;
            int number = part.kind() == PartKind.MAIN ? 1 : part.number();
            for (Row r : TemplateRenderer.render(part)) {
                ObjectNode o = JSON.createObjectNode();
                for (String col : part.taskType().requiredColumns()) {
                    if (!r.has(col)) continue;
                    if (col.equals(Columns.ANSWER_INDEX)) {
                        try {
                            o.put(col, Integer.parseInt(r.get(col).strip()));
                        } catch (NumberFormatException e) {
                            o.put(col, r.get(col));
                        }
                    } else if (col.equals(Columns.CLASSES)) {
                        o.put(col, canonicalClasses(r.get(col)));
                    } else {
                        o.put(col, r.get(col));
                    }
                }
                o.put(Columns.ROUND, roundOf(r, round));
                o.put(Columns.PART, number);
                try {
                    out.append(JSON.writeValueAsString(o)).append('\n');
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out.toString();
    }

    /** A row imported from the release keeps its own round. */
    private static int roundOf(Row r, int fallback) {
        try {
            return r.has(Columns.ROUND) ? Integer.parseInt(r.get(Columns.ROUND).strip()) : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The canonical repr of a classes cell that parses; anything else as typed, for the validator to report. */
    private static String canonicalClasses(String cell) {
        try {
            return PyLiteral.reprStrings(PyLiteral.parseStringList(cell));
        } catch (PyLiteralException e) {
            return cell;
        }
    }
}
