package org.isstudio.format.template;

import org.isstudio.model.Row;

import java.util.ArrayList;
import java.util.List;

/**
 * A text with named fields, {@code "Q: {question}\nA:"}, filled from a row's cells. As in Python's
 * {@code str.format}, {@code {{} and {@code }}} stand for literal braces.
 */
final class FieldPattern {

    private FieldPattern() {
    }

    static String fill(String pattern, Row row, String what) {
        StringBuilder out = new StringBuilder(pattern.length() + 32);
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '{' && pattern.startsWith("{{", i)) {
                out.append('{');
                i += 2;
            } else if (c == '}' && pattern.startsWith("}}", i)) {
                out.append('}');
                i += 2;
            } else if (c == '{') {
                int close = pattern.indexOf('}', i);
                if (close < 0) throw new TemplateException(row.id(), "", what + ": '{' at " + (i + 1) + " is never closed (write {{ for a literal brace)");
                String field = pattern.substring(i + 1, close);
                if (!row.has(field)) throw new TemplateException(row.id(), field, what + " uses {" + field + "}, but the row has no field '" + field + "'");
                out.append(row.get(field));
                i = close + 1;
            } else if (c == '}') {
                throw new TemplateException(row.id(), "", what + ": single '}' at " + (i + 1) + " (write }} for a literal brace)");
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The field names a pattern uses, in order of first use. */
    static List<String> fields(String pattern) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < pattern.length()) {
            if (pattern.startsWith("{{", i) || pattern.startsWith("}}", i)) {
                i += 2;
            } else if (pattern.charAt(i) == '{' && pattern.indexOf('}', i) > 0) {
                String f = pattern.substring(i + 1, pattern.indexOf('}', i));
                if (!out.contains(f)) out.add(f);
                i = pattern.indexOf('}', i) + 1;
            } else {
                i++;
            }
        }
        return out;
    }

    /** Whether the pattern is exactly one field and nothing else, e.g. {@code "{classes}"}. */
    static boolean isSingleField(String pattern) {
        return pattern.startsWith("{") && !pattern.startsWith("{{") && pattern.indexOf('}') == pattern.length() - 1
                && pattern.indexOf('{', 1) < 0;
    }
}
