package org.isstudio.engine.tokenizer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * A JSON value with the file and field path it came from, so that every complaint about a tokenizer file
 * names where the bad value is (e.g. {@code tokenizer.json: pre_tokenizer.pretokenizers[0].behavior}). The
 * path is only spelled out for an error: a vocabulary has 10^5 entries.
 */
final class JsonField {

    /**
     * Tokenizer files have 10^5 distinct field names (the vocabulary's tokens); Jackson's name interning and
     * canonicalization would only slow them down.
     */
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .build());

    private final String file;
    private final JsonField parent;
    private final String name;
    private final int index;
    private final JsonNode node;

    private JsonField(String file, JsonField parent, String name, int index, JsonNode node) {
        this.file = file;
        this.parent = parent;
        this.name = name;
        this.index = index;
        this.node = node;
    }

    static JsonField root(String file, JsonNode node) {
        return new JsonField(file, null, null, -1, node);
    }

    /** A value that is not in a JSON file but is reported like one (e.g. a line of merges.txt). */
    static JsonField located(String file, String where) {
        return new JsonField(file, null, where, -1, null);
    }

    JsonNode node() {
        return node;
    }

    JsonField get(String child) {
        return new JsonField(file, this, child, -1, node == null ? null : node.get(child));
    }

    /** Absent or JSON null. */
    boolean isNull() {
        return node == null || node.isNull() || node.isMissingNode();
    }

    boolean has(String child) {
        return !get(child).isNull();
    }

    String text() throws TokenizerFormatException {
        if (node == null || !node.isTextual()) throw error("expected a string" + found());
        return node.textValue();
    }

    String text(String fallback) throws TokenizerFormatException {
        return isNull() ? fallback : text();
    }

    boolean bool(boolean fallback) throws TokenizerFormatException {
        if (isNull()) return fallback;
        if (!node.isBoolean()) throw error("expected true or false" + found());
        return node.booleanValue();
    }

    int integer() throws TokenizerFormatException {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) throw error("expected an integer" + found());
        return node.intValue();
    }

    List<JsonField> elements() throws TokenizerFormatException {
        if (node == null || !node.isArray()) throw error("expected a list" + found());
        List<JsonField> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) out.add(new JsonField(file, this, null, i, node.get(i)));
        return out;
    }

    boolean isObject() {
        return node != null && node.isObject();
    }

    /** The {@code type} member of a component object. */
    String type() throws TokenizerFormatException {
        if (!isObject()) throw error("expected an object" + found());
        return get("type").text();
    }

    TokenizerFormatException error(String message) {
        String path = path();
        return new TokenizerFormatException(file + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    TokenizerFormatException unsupported(String what, String supported) {
        return error("unsupported " + what + " (supported: " + supported + ")");
    }

    private String path() {
        String up = parent == null ? "" : parent.path();
        if (name == null) return index < 0 ? up : up + "[" + index + "]";
        return up.isEmpty() ? name : up + "." + name;
    }

    private String found() {
        if (node == null || node.isMissingNode()) return ", but it is missing";
        String s = node.toString();
        return ", found " + (s.length() > 60 ? s.substring(0, 60) + "..." : s);
    }
}
