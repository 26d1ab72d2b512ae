package org.isstudio.format.lmeval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.isstudio.format.AtomicFiles;
import org.isstudio.format.TaskFileException;
import org.isstudio.format.Utf8;
import org.isstudio.format.pyliteral.PyLiteral;
import org.isstudio.format.pyliteral.PyLiteralException;
import org.isstudio.format.template.TemplateRenderer;
import org.isstudio.format.zip.SubmissionLayout;
import org.isstudio.model.Columns;
import org.isstudio.model.FormAnswers;
import org.isstudio.model.PartKind;
import org.isstudio.model.Row;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * lm-evaluation-harness, the tool the field runs: import of its usual multiple-choice JSONL documents, and
 * export of a task as a YAML task config plus a JSONL data file that {@code lm_eval --include_path DIR --tasks
 * NAME} runs.
 *
 * <p>The config names the data's columns directly ({@code doc_to_text: prompt}), so no template engine touches
 * the text. The export keeps the contest's scoring: classes already carry their leading space, so the config sets
 * {@code target_delimiter: ""} (the harness would otherwise insert a space between prompt and choice), and
 * {@code acc} is the contest's accuracy (argmax of the summed log-probabilities). sequence_prob becomes a
 * {@code loglikelihood} task. logodds compares two prompts, which the harness has no output type for, so it is
 * refused.
 */
public final class LmEvalTask {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TEXT_FIELDS = List.of("query", "question", "context", "ctx", "input", "text", "prompt");
    private static final List<String> CHOICE_FIELDS = List.of("choices", "endings", "options", "classes");
    private static final List<String> GOLD_FIELDS = List.of("gold", "label", "answer", "answerKey", "target", "answer_index");

    private LmEvalTask() {
    }

    /** The two files of an export. */
    public record Export(String yamlName, String yaml, String jsonlName, String jsonl) {
    }

    /** Imports a JSONL of multiple-choice documents (fields such as query/choices/gold, question/endings/label). */
    public static TaskProject read(Path file) throws IOException {
        String name = file.getFileName().toString();
        List<Row> rows = new ArrayList<>();
        String[] lines = Utf8.read(file).split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            String at = name + ":" + (i + 1) + ":";
            JsonNode doc;
            try {
                doc = JSON.readTree(lines[i]);
            } catch (JsonProcessingException e) {
                throw new TaskFileException(at + (e.getLocation() == null ? 0 : e.getLocation().getColumnNr()) + ": not valid JSON: "
                        + e.getOriginalMessage(), e);
            }
            String textField = first(doc, TEXT_FIELDS);
            String choiceField = first(doc, CHOICE_FIELDS);
            String goldField = first(doc, GOLD_FIELDS);
            if (textField == null || choiceField == null || goldField == null) {
                throw new TaskFileException(at + ": needs a text field (" + String.join("/", TEXT_FIELDS) + "), choices ("
                        + String.join("/", CHOICE_FIELDS) + ") and the answer (" + String.join("/", GOLD_FIELDS) + ")");
            }
            List<String> labels = new ArrayList<>();
            List<String> choices = choices(doc.get(choiceField), labels, at + choiceField);
            int gold = gold(doc.get(goldField), labels, choices.size(), at + goldField);
            List<String> classes = choices.stream().map(c -> c.startsWith(" ") ? c : " " + c).toList();
            Map<String, String> cells = new LinkedHashMap<>();
            cells.put(Columns.PROMPT, doc.get(textField).asText());
            cells.put(Columns.CLASSES, PyLiteral.reprStrings(classes));
            cells.put(Columns.ANSWER_INDEX, Integer.toString(gold));
            rows.add(new Row("r" + (rows.size() + 1), cells));
        }
        String stem = name.replaceFirst("\\.[^.]*$", "");
        TaskPart part = new TaskPart(PartKind.MAIN, 1, TaskType.CLASSIFICATION, TaskType.CLASSIFICATION.requiredColumns(), rows, null);
        return new TaskProject(stem, FormAnswers.empty(), List.of(part), List.of());
    }

    private static String first(JsonNode doc, List<String> names) {
        for (String n : names) if (doc.has(n) && !doc.get(n).isNull()) return n;
        return null;
    }

    private static List<String> choices(JsonNode v, List<String> labels, String at) throws TaskFileException {
        if (v.isTextual()) {
            try {
                return PyLiteral.parseStringList(v.asText());
            } catch (PyLiteralException e) {
                throw new TaskFileException(at + ": choices " + e.reason());
            }
        }
        // ARC style: {"text": [...], "label": ["A", "B", ...]}
        if (v.isObject() && v.path("text").isArray()) {
            v.path("label").forEach(l -> labels.add(l.asText()));
            v = v.get("text");
        }
        if (!v.isArray()) throw new TaskFileException(at + ": expected a list of choices");
        List<String> out = new ArrayList<>();
        for (JsonNode c : v) out.add(c.asText());
        return out;
    }

    private static int gold(JsonNode v, List<String> labels, int n, String at) throws TaskFileException {
        int g;
        if (v.isIntegralNumber()) {
            g = v.asInt();
        } else if (v.isTextual() && labels.contains(v.asText())) {
            g = labels.indexOf(v.asText());
        } else if (v.isTextual() && v.asText().strip().matches("\\d+")) {
            g = Integer.parseInt(v.asText().strip());
        } else if (v.isTextual() && v.asText().matches("[A-Z]") && labels.isEmpty()) {
            g = v.asText().charAt(0) - 'A';
        } else {
            throw new TaskFileException(at + ": answer " + v + " is not a choice index or label");
        }
        if (g < 0 || g >= n) throw new TaskFileException(at + ": answer " + g + " is outside the " + n + " choices");
        return g;
    }

    /** The YAML config and JSONL data of one part, named {@code <task>} or {@code <task>-PART<i>}. */
    public static Export export(TaskProject project, TaskPart part) throws TaskFileException {
        if (part.taskType().isLogodds()) {
            throw new TaskFileException(part.fileStem(project.name()) + ": logodds compares two prompts, which "
                    + "lm-evaluation-harness has no output type for; export classification or sequence_prob parts");
        }
        String task = part.fileStem(project.name()).replaceAll("[^A-Za-z0-9_]", "_");
        String dataName = part.fileStem(project.name()) + ".jsonl";
        StringBuilder jsonl = new StringBuilder();
        for (Row r : TemplateRenderer.render(part)) {
            ObjectNode o = JSON.createObjectNode();
            o.put(Columns.PROMPT, r.get(Columns.PROMPT));
            if (part.taskType() == TaskType.SEQUENCE_PROB) {
                o.put(Columns.COMPLETION, r.get(Columns.COMPLETION));
            } else {
                ArrayNode classes = o.putArray(Columns.CLASSES);
                try {
                    PyLiteral.parseStringList(r.get(Columns.CLASSES)).forEach(classes::add);
                    o.put(Columns.ANSWER_INDEX, Integer.parseInt(r.get(Columns.ANSWER_INDEX).strip()));
                } catch (PyLiteralException | NumberFormatException e) {
                    throw new TaskFileException(dataName + ": row " + r.id() + " is not valid (" + e.getMessage() + "); validate the task first");
                }
            }
            try {
                jsonl.append(JSON.writeValueAsString(o)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        StringBuilder y = new StringBuilder();
        y.append("# lm-evaluation-harness task exported by Inverse Scaling Studio (").append(part.taskType().contestName())
                .append(").\n# Run: lm_eval --model hf --model_args pretrained=gpt2 --include_path . --tasks ").append(task).append("\n");
        y.append("task: ").append(task).append("\n");
        y.append("dataset_path: json\n");
        y.append("dataset_kwargs:\n  data_files:\n    test: ").append(yamlString(dataName)).append("\n");
        y.append("test_split: test\n");
        y.append("doc_to_text: prompt\n");
        if (part.taskType() == TaskType.SEQUENCE_PROB) {
            y.append("output_type: loglikelihood\n");
            y.append("doc_to_target: completion\n");
            y.append("target_delimiter: \"\"\n");
            y.append("metric_list:\n  - metric: perplexity\n    aggregation: perplexity\n    higher_is_better: false\n");
        } else {
            y.append("output_type: multiple_choice\n");
            y.append("doc_to_choice: classes\n");
            y.append("doc_to_target: answer_index\n");
            y.append("# the classes carry their own leading space, as in the contest\n");
            y.append("target_delimiter: \"\"\n");
            y.append("metric_list:\n  - metric: acc\n    aggregation: mean\n    higher_is_better: true\n");
        }
        y.append("metadata:\n  version: 1.0\n");
        return new Export(part.fileStem(project.name()) + ".yaml", y.toString(), dataName, jsonl.toString());
    }

    /** Writes every exportable part's two files into {@code dir}; returns the file names written. */
    public static List<String> write(TaskProject project, Path dir) throws IOException {
        if (!SubmissionLayout.problems(project).isEmpty()) {
            throw new TaskFileException(SubmissionLayout.problems(project).getFirst().message());
        }
        List<String> names = new ArrayList<>();
        for (TaskPart part : SubmissionLayout.ordered(project)) {
            Export e = export(project, part);
            AtomicFiles.write(dir.resolve(e.yamlName()), e.yaml().getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(dir.resolve(e.jsonlName()), e.jsonl().getBytes(StandardCharsets.UTF_8));
            names.add(e.yamlName());
            names.add(e.jsonlName());
        }
        return names;
    }

    /** A YAML double-quoted scalar: JSON string syntax is valid YAML. */
    private static String yamlString(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
