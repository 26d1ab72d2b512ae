package org.isstudio.format.jsonl;

import com.fasterxml.jackson.databind.JsonNode;
import org.isstudio.format.pyliteral.PyLiteral;
import org.isstudio.format.pyliteral.PyValue;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** JSON values as the Python objects {@code json.loads} (and so pandas) makes of them. */
final class JsonValues {

    private JsonValues() {
    }

    /** {@code str(value)} in Python, which is what the contest code's {@code str(row["classes"])} sees. */
    static String pythonStr(JsonNode v) {
        return v.isTextual() ? v.asText() : PyLiteral.repr(toPy(v));
    }

    static PyValue toPy(JsonNode v) {
        if (v.isTextual()) return new PyValue.Str(v.asText());
        if (v.isBoolean()) return new PyValue.Bool(v.asBoolean());
        if (v.isNull()) return new PyValue.None();
        if (v.isIntegralNumber()) return new PyValue.Int(v.bigIntegerValue());
        if (v.isNumber()) return new PyValue.Float(v.asDouble());
        if (v.isArray()) {
            List<PyValue> items = new ArrayList<>();
            v.forEach(x -> items.add(toPy(x)));
            return new PyValue.PyList(items);
        }
        List<Map.Entry<PyValue, PyValue>> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(new PyValue.Str(e.getKey()), toPy(e.getValue())));
        }
        return new PyValue.PyDict(entries);
    }
}
