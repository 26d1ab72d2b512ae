package org.isstudio.format.bigbench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isstudio.format.TaskFileException;
import org.isstudio.format.Utf8;
import org.isstudio.format.pyliteral.PyLiteral;
import org.isstudio.model.Columns;
import org.isstudio.model.FormAnswers;
import org.isstudio.model.PartKind;
import org.isstudio.model.Row;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports a BIG-bench JSON task ({@code task.json}) with multiple-choice examples ({@code input} and
 * {@code target_scores}) as a classification task. The prompt is laid out as BIG-bench's zero-shot formatter
 * does ({@code task_prefix + example_input_prefix + input + example_output_prefix}, defaults {@code "\nQ: "}
 * and {@code "\nA: "}), with the output prefix's trailing space moved onto each class, where the contest wants
 * it; the correct class is the first with the highest score.
 */
public final class BigBenchTask {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BigBenchTask() {
    }

    public static TaskProject read(Path file) throws IOException {
        String name = file.getFileName().toString();
        JsonNode root;
        try {
            root = JSON.readTree(Utf8.read(file));
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new TaskFileException(name + ":" + (loc == null ? 0 : loc.getLineNr()) + ":" + (loc == null ? 0 : loc.getColumnNr())
                    + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.path("examples").isArray()) {
            throw new TaskFileException(name + ": field examples: missing; not a BIG-bench JSON task");
        }
        String taskPrefix = root.path("task_prefix").asText("");
        String inputPrefix = root.has("example_input_prefix") ? root.get("example_input_prefix").asText() : "\nQ: ";
        String outputPrefix = root.has("example_output_prefix") ? root.get("example_output_prefix").asText() : "\nA: ";
        String trailing = outputPrefix.substring(outputPrefix.stripTrailing().length());
        List<Row> rows = new ArrayList<>();
        int skipped = 0;
        JsonNode examples = root.get("examples");
        for (int i = 0; i < examples.size(); i++) {
            JsonNode ex = examples.get(i);
            JsonNode scores = ex.path("target_scores");
            if (!scores.isObject() || scores.isEmpty()) {
                skipped++;
                continue;
            }
            if (!ex.path("input").isTextual()) throw new TaskFileException(name + ": field examples[" + i + "].input: expected text");
            List<String> classes = new ArrayList<>();
            int answer = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (Map.Entry<String, JsonNode> e : scores.properties()) {
                if (!e.getValue().isNumber()) {
                    throw new TaskFileException(name + ": field examples[" + i + "].target_scores." + e.getKey() + ": expected a number");
                }
                if (e.getValue().asDouble() > best) {
                    best = e.getValue().asDouble();
                    answer = classes.size();
                }
                classes.add((trailing.isEmpty() ? " " : trailing) + e.getKey());
            }
            String prompt = (taskPrefix + inputPrefix + ex.get("input").asText() + outputPrefix.stripTrailing()).stripLeading();
            Map<String, String> cells = new LinkedHashMap<>();
            cells.put(Columns.PROMPT, prompt);
            cells.put(Columns.CLASSES, PyLiteral.reprStrings(classes));
            cells.put(Columns.ANSWER_INDEX, Integer.toString(answer));
            rows.add(new Row("r" + (rows.size() + 1), cells));
        }
        if (rows.isEmpty()) {
            throw new TaskFileException(name + ": none of its " + examples.size() + " examples has target_scores; only multiple-choice "
                    + "BIG-bench tasks can be imported");
        }
        String taskName = root.path("name").asText(file.toAbsolutePath().getParent() == null ? "task"
                : file.toAbsolutePath().getParent().getFileName().toString()).strip().replaceAll("[^A-Za-z0-9._-]+", "-");
        String description = root.path("description").asText("")
                + (skipped > 0 ? "\n\n(" + skipped + " examples without target_scores were not imported.)" : "");
        FormAnswers form = new FormAnswers("", description.strip(), "", "", "", "", "", "", "", "", false);
        TaskPart part = new TaskPart(PartKind.MAIN, 1, TaskType.CLASSIFICATION, TaskType.CLASSIFICATION.requiredColumns(), rows, null);
        return new TaskProject(taskName, form, List.of(part), List.of());
    }
}
