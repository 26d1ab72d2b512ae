package org.isstudio.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A JSON value with the file and field path it came from, so that every complaint about a tokenizer file
 * names where the bad value is (e.g. {@code tokenizer.json: pre_tokenizer.pretokenizers[0].behavior}).
 */
record JsonField(String file, String path, JsonNode node) {

    static JsonField root(String file, JsonNode node) {
        return new JsonField(file, "", node);
    }

    JsonField get(String name) {
        JsonNode child = node == null ? null : node.get(name);
        return new JsonField(file, path.isEmpty() ? name : path + "." + name, child);
    }

    /** Absent or JSON null. */
    boolean isNull() {
        return node == null || node.isNull() || node.isMissingNode();
    }

    boolean has(String name) {
        return !get(name).isNull();
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
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) throw error("expected an integer" + found());
        return node.intValue();
    }

    int integer(int fallback) throws TokenizerFormatException {
        return isNull() ? fallback : integer();
    }

    List<JsonField> elements() throws TokenizerFormatException {
        if (node == null || !node.isArray()) throw error("expected a list" + found());
        List<JsonField> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) out.add(new JsonField(file, path + "[" + i + "]", node.get(i)));
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
        return new TokenizerFormatException(file + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    TokenizerFormatException unsupported(String what, String supported) {
        return error("unsupported " + what + " (supported: " + supported + ")");
    }

    private String found() {
        if (node == null || node.isMissingNode()) return ", but it is missing";
        String s = node.toString();
        return ", found " + (s.length() > 60 ? s.substring(0, 60) + "..." : s);
    }
}
