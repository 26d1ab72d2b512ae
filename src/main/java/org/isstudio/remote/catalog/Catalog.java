package org.isstudio.remote.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isstudio.model.AppPaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model series authors pick from: the shipped {@code app/catalog/models.json}, followed by the user's own
 * series in {@code <config dir>/models.json} (same format), which may add series but not reuse a name.
 *
 * <pre>
 * {"schema": 1, "series": [
 *   {"name": "pythia", "title": "Pythia", "tuning": "base", "storedDtype": "float16", "note": "...",
 *    "pairedWith": "...",                    (optional)
 *    "backend": "local",                     (optional; "openai" for OpenAI's API, "reference" for plot positions only)
 *    "members": [
 *      {"name": "pythia-70m", "repo": "EleutherAI/pythia-70m", "size": "70M", "parameters": 70000000,
 *       "totalParameters": 70426624, "nonEmbeddingParameters": 18915328,     (optional)
 *       "aliases": [...], "alsoCachedAs": [...], "config": {...}}]}]}    (optional)
 * </pre>
 */
public final class Catalog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ModelSeries> series;

    public Catalog(List<ModelSeries> series) {
        this.series = List.copyOf(series);
    }

    /** The shipped catalog plus the user's series, if that file exists. */
    public static Catalog standard() throws IOException {
        List<ModelSeries> all = new ArrayList<>(read(AppPaths.appDir().resolve("catalog").resolve("models.json")).series);
        Path user = AppPaths.configDir().resolve("models.json");
        if (Files.isRegularFile(user)) all.addAll(read(user).series);
        return validated(all, user);
    }

    public static Catalog read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": the model catalog is missing");
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr()
                    + ": not valid JSON: " + e.getOriginalMessage());
        }
        Fields f = new Fields(file);
        if (root.path("schema").asInt(0) != 1) throw f.error("schema", "must be 1 (the format this version reads)");
        JsonNode list = root.path("series");
        if (!list.isArray()) throw f.error("series", "must be a list of series");
        List<ModelSeries> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) out.add(series(f, "series[" + i + "]", list.get(i)));
        return validated(out, file);
    }

    private static ModelSeries series(Fields f, String at, JsonNode s) throws IOException {
        JsonNode ms = s.path("members");
        if (!ms.isArray() || ms.isEmpty()) throw f.error(at + ".members", "must be a non-empty list");
        List<CatalogMember> members = new ArrayList<>();
        for (int i = 0; i < ms.size(); i++) members.add(member(f, at + ".members[" + i + "]", ms.get(i)));
        for (int i = 1; i < members.size(); i++) {
            if (members.get(i).parameters() < members.get(i - 1).parameters()) {
                throw f.error(at + ".members[" + i + "].parameters", "members must be ordered by size");
            }
        }
        String backend = f.optText(s, "backend").orElse(ModelSeries.LOCAL);
        if (!ModelSeries.BACKENDS.contains(backend)) {
            throw f.error(at + ".backend", "must be one of " + String.join(", ", ModelSeries.BACKENDS) + ", was \"" + backend + "\"");
        }
        for (int i = 0; i < members.size(); i++) {
            if (backend.equals(ModelSeries.LOCAL) && members.get(i).repo().isEmpty()) {
                throw f.error(at + ".members[" + i + "].repo", "missing (a Hub repository id is required for a local series)");
            }
        }
        return new ModelSeries(f.text(s, at, "name"), f.text(s, at, "title"), f.optText(s, "tuning").orElse("base"),
                f.optText(s, "pairedWith"), backend,
                f.optText(s, "storedDtype").orElse("unknown"), f.optText(s, "note").orElse(""), members);
    }

    private static CatalogMember member(Fields f, String at, JsonNode m) throws IOException {
        long parameters = m.path("parameters").asLong(-1);
        if (parameters <= 0) throw f.error(at + ".parameters", "must be a positive parameter count");
        JsonNode config = m.get("config");
        if (config != null && !(config.isObject() && config.hasNonNull("model_type"))) {
            throw f.error(at + ".config", "must be an object with a \"model_type\"");
        }
        return new CatalogMember(f.text(m, at, "name"), f.optText(m, "repo"), f.text(m, at, "size"), parameters,
                m.path("totalParameters").asLong(-1), m.path("nonEmbeddingParameters").asLong(-1),
                f.strings(m, at, "aliases"), f.strings(m, at, "alsoCachedAs"), Optional.ofNullable(config));
    }

    private static Catalog validated(List<ModelSeries> all, Path file) throws IOException {
        Map<String, String> seen = new HashMap<>();
        for (ModelSeries s : all) {
            if (seen.put("series " + s.name().toLowerCase(), s.name()) != null) {
                throw new IOException(file + ": series \"" + s.name() + "\" is defined twice");
            }
            for (CatalogMember m : s.members()) {
                for (String n : concat(m.name(), m.aliases())) {
                    if (seen.put("member " + n.toLowerCase(), s.name()) != null) {
                        throw new IOException(file + ": model name \"" + n + "\" (series " + s.name() + ") is used twice");
                    }
                }
            }
        }
        return new Catalog(all);
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> l = new ArrayList<>(rest);
        l.addFirst(first);
        return l;
    }

    public List<ModelSeries> series() {
        return series;
    }

    public Optional<ModelSeries> series(String name) {
        return series.stream().filter(s -> s.answersTo(name)).findFirst();
    }

    /** The member a word names (name or alias, not a bare size label), with its series. */
    public Optional<Entry> member(String word) {
        for (ModelSeries s : series) {
            for (CatalogMember m : s.members()) if (m.answersTo(word)) return Optional.of(new Entry(s, m));
        }
        return Optional.empty();
    }

    /** A member and the series it belongs to. */
    public record Entry(ModelSeries series, CatalogMember member) {
    }

    /** Reads fields with messages that name the file and the JSON path. */
    private record Fields(Path file) {
        IOException error(String at, String problem) {
            return new IOException(file + ": " + at + ": " + problem);
        }

        String text(JsonNode n, String at, String field) throws IOException {
            JsonNode v = n.get(field);
            if (v == null || !v.isTextual() || v.asText().isBlank()) throw error(at + "." + field, "missing (a text is required)");
            return v.asText();
        }

        Optional<String> optText(JsonNode n, String field) {
            JsonNode v = n.get(field);
            return v != null && v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
        }

        List<String> strings(JsonNode n, String at, String field) throws IOException {
            JsonNode v = n.get(field);
            if (v == null) return List.of();
            if (!v.isArray()) throw error(at + "." + field, "must be a list of texts");
            List<String> out = new ArrayList<>();
            v.forEach(x -> out.add(x.asText()));
            return out;
        }
    }
}
