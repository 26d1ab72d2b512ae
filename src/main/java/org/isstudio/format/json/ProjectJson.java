package org.isstudio.format.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.isstudio.model.FormAnswers;
import org.isstudio.model.PartKind;
import org.isstudio.model.PromptTemplate;
import org.isstudio.model.Row;
import org.isstudio.model.ShotSelection;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The project file's JSON ({@code .isproj}): what is on disk, kept apart from the model records. Every file
 * carries {@code "format": "isstudio-project"} and a schema {@code "version"}; reading an older version runs
 * the migrations from it up to {@link #VERSION} on the JSON tree first, and a newer version is refused with
 * a message rather than half-read. Field errors name the JSON path ({@code parts[1].taskType}).
 */
public final class ProjectJson {

    public static final String FORMAT = "isstudio-project";
    /** The schema version this build writes. Bump it with a migration from the previous one in {@link #MIGRATIONS}. */
    public static final int VERSION = 1;
    /** {@code MIGRATIONS.get(v)} turns a version-v tree into version v+1. None yet: version 1 is the first. */
    static final List<UnaryOperator<ObjectNode>> MIGRATIONS = List.of();

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private final List<UnaryOperator<ObjectNode>> migrations;

    public ProjectJson() {
        this(MIGRATIONS);
    }

    /** With a migration chain of one's own (tests); {@code migrations.size()} is then the current version minus one. */
    ProjectJson(List<UnaryOperator<ObjectNode>> migrations) {
        this.migrations = List.copyOf(migrations);
    }

    int currentVersion() {
        return migrations.size() + 1;
    }

    public String write(TaskProject p) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", currentVersion());
        root.put("name", p.name());
        root.set("form", JSON.valueToTree(p.form()));
        ArrayNode models = root.putArray("models");
        p.models().forEach(models::add);
        ArrayNode parts = root.putArray("parts");
        for (TaskPart part : p.parts()) parts.add(part(part));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode part(TaskPart part) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", part.kind().name());
        n.put("number", part.number());
        n.put("taskType", part.taskType().contestName());
        ArrayNode cols = n.putArray("columns");
        part.columns().forEach(cols::add);
        if (part.template() != null) n.set("template", JSON.valueToTree(part.template()));
        ArrayNode rows = n.putArray("rows");
        for (Row r : part.rows()) {
            ObjectNode row = rows.addObject();
            row.put("id", r.id());
            ObjectNode cells = row.putObject("cells");
            r.cells().forEach(cells::put);
        }
        return n;
    }

    /** Parses a project file's text; {@code file} names it in errors. */
    public TaskProject read(String file, String text) throws ProjectFormatException {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new ProjectFormatException(file + ":" + (loc == null ? 0 : loc.getLineNr()) + ":" + (loc == null ? 0 : loc.getColumnNr())
                    + ": not valid JSON (the file is damaged or was cut off): " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) throw new ProjectFormatException(file + ": not a project file (no JSON object)");
        ObjectNode root = (ObjectNode) tree;
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new ProjectFormatException(file + ": not an Inverse Scaling Studio project (\"format\" is not \"" + FORMAT + "\")");
        }
        if (!root.path("version").canConvertToInt() || !root.path("version").isIntegralNumber()) {
            throw new ProjectFormatException(file + ": field version: expected a whole number");
        }
        int version = root.get("version").asInt();
        if (version > currentVersion()) {
            throw new ProjectFormatException(file + ": written by a newer Inverse Scaling Studio (project version " + version
                    + ", this one reads up to " + currentVersion() + "); update the application to open it");
        }
        if (version < 1) throw new ProjectFormatException(file + ": field version: " + version + " is not a project version");
        for (int v = version; v < currentVersion(); v++) root = migrations.get(v - 1).apply(root);
        return new Reader(file).project(root);
    }

    /** Maps the tree onto the model, naming the JSON path of any field that is missing or of the wrong kind. */
    private record Reader(String file) {

        TaskProject project(JsonNode root) throws ProjectFormatException {
            String name = text(root, "name", "name");
            FormAnswers form = form(root.path("form"));
            List<String> models = strings(root.path("models"), "models", true);
            List<TaskPart> parts = new ArrayList<>();
            JsonNode ps = array(root, "parts", "parts");
            for (int i = 0; i < ps.size(); i++) parts.add(part(ps.get(i), "parts[" + i + "]"));
            return new TaskProject(name, form, parts, models);
        }

        FormAnswers form(JsonNode f) throws ProjectFormatException {
            if (f.isMissingNode() || f.isNull()) return FormAnswers.empty();
            if (!f.isObject()) throw field("form", "expected an object");
            return new FormAnswers(opt(f, "authors"), opt(f, "description"), opt(f, "whyImportant"), opt(f, "whyInverseScaling"),
                    opt(f, "whyNovel"), opt(f, "generationProcedure"), opt(f, "generationType"), opt(f, "sources"),
                    opt(f, "codeLink"), opt(f, "expertise"), f.path("fewShot").asBoolean(false));
        }

        TaskPart part(JsonNode n, String path) throws ProjectFormatException {
            PartKind kind;
            try {
                kind = PartKind.valueOf(text(n, "kind", path + ".kind"));
            } catch (IllegalArgumentException e) {
                throw field(path + ".kind", "expected MAIN, PART or CONTROL, not '" + n.path("kind").asText() + "'");
            }
            if (!n.path("number").isIntegralNumber()) throw field(path + ".number", "expected a whole number");
            TaskType type;
            try {
                type = TaskType.parse(text(n, "taskType", path + ".taskType"));
            } catch (IllegalArgumentException e) {
                throw field(path + ".taskType", e.getMessage());
            }
            List<String> columns = strings(n.path("columns"), path + ".columns", false);
            PromptTemplate template = n.has("template") && !n.get("template").isNull()
                    ? template(n.get("template"), path + ".template") : null;
            List<Row> rows = new ArrayList<>();
            JsonNode rs = array(n, "rows", path + ".rows");
            for (int i = 0; i < rs.size(); i++) rows.add(row(rs.get(i), path + ".rows[" + i + "]"));
            return new TaskPart(kind, n.get("number").asInt(), type, columns, rows, template);
        }

        Row row(JsonNode n, String path) throws ProjectFormatException {
            String id = text(n, "id", path + ".id");
            JsonNode cells = n.path("cells");
            if (!cells.isObject()) throw field(path + ".cells", "expected an object of column: text");
            Map<String, String> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : cells.properties()) {
                if (!e.getValue().isTextual()) throw field(path + ".cells." + e.getKey(), "expected text");
                map.put(e.getKey(), e.getValue().asText());
            }
            return new Row(id, map);
        }

        PromptTemplate template(JsonNode n, String path) throws ProjectFormatException {
            ShotSelection selection;
            try {
                selection = ShotSelection.valueOf(n.path("selection").asText("FIRST_N"));
            } catch (IllegalArgumentException e) {
                throw field(path + ".selection", "expected FIXED, FIRST_N, RANDOM or BALANCED");
            }
            if (!n.path("shots").isIntegralNumber() || n.get("shots").asInt() < 0) throw field(path + ".shots", "expected a whole number >= 0");
            return new PromptTemplate(opt(n, "instruction"), text(n, "promptPattern", path + ".promptPattern"),
                    strings(n.path("classPatterns"), path + ".classPatterns", true), opt(n, "answerPattern"),
                    opt(n, "otherPromptPattern"), n.get("shots").asInt(), selection,
                    strings(n.path("fixedShotIds"), path + ".fixedShotIds", true), n.path("seed").asLong(0),
                    n.has("separator") ? text(n, "separator", path + ".separator") : PromptTemplate.CONTEST_SEPARATOR);
        }

        private static String opt(JsonNode n, String field) {
            return n.path(field).isTextual() ? n.get(field).asText() : "";
        }

        private String text(JsonNode n, String field, String path) throws ProjectFormatException {
            JsonNode v = n.path(field);
            if (!v.isTextual()) throw field(path, v.isMissingNode() ? "missing" : "expected text");
            return v.asText();
        }

        private JsonNode array(JsonNode n, String field, String path) throws ProjectFormatException {
            JsonNode v = n.path(field);
            if (!v.isArray()) throw field(path, v.isMissingNode() ? "missing" : "expected a list");
            return v;
        }

        private List<String> strings(JsonNode v, String path, boolean optional) throws ProjectFormatException {
            if (v.isMissingNode() && optional) return List.of();
            if (!v.isArray()) throw field(path, "expected a list of text");
            List<String> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isTextual()) throw field(path + "[" + i + "]", "expected text");
                out.add(v.get(i).asText());
            }
            return out;
        }

        private ProjectFormatException field(String path, String message) {
            return new ProjectFormatException(file + ": field " + path + ": " + message);
        }
    }
}
