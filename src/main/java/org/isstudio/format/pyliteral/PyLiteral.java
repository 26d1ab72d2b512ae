package org.isstudio.format.pyliteral;

import java.util.ArrayList;
import java.util.List;

/**
 * Python literals as the contest's {@code classes} column holds them: {@link #parse} is Python 3.11's
 * {@code ast.literal_eval(text)} and {@link #repr} is {@code repr(value)}.
 *
 * <h2>Reading</h2>
 * Everything {@code literal_eval} accepts parses: single, double and triple quotes; {@code r}, {@code u},
 * {@code b} and {@code rb} prefixes; every escape ({@code \n}, {@code \x41}, {@code \u00e9},
 * {@code \U0001F600}, {@code \N{EM DASH}}, octal {@code \101}, a backslash-newline) with unknown escapes
 * such as {@code \-} kept, backslash included; adjacent literals concatenated; lists, tuples (with or without
 * parentheses), sets, dicts, trailing commas, nesting, comments and line breaks inside brackets; numbers, signed
 * numbers and {@code 1+2j}; {@code True}, {@code False}, {@code None}, {@code ...} and {@code set()}.
 * Everything it refuses is refused with a line and column, including f-strings, names, calls and operators.
 *
 * <pre>{@code
 * PyValue v = PyLiteral.parse("[' A', \" don't\"]");   // a PyList of two Str
 * String s = PyLiteral.reprStrings(List.of(" A", " don't"));  // [' A', " don't"]
 * }</pre>
 */
public final class PyLiteral {

    private PyLiteral() {
    }

    /** {@code ast.literal_eval(source)}. */
    public static PyValue parse(String source) throws PyLiteralException {
        return new PyLiteralParser(source).parseAll();
    }

    /**
     * Parses a {@code classes} cell: a list or tuple whose items are all strings. Anything else is refused
     * with a message that says what the cell holds instead (a bare string would make the contest code treat
     * every character as a class).
     */
    public static List<String> parseStringList(String source) throws PyLiteralException {
        PyValue v = parse(source);
        List<PyValue> items = switch (v) {
            case PyValue.PyList l -> l.items();
            case PyValue.PyTuple t -> t.items();
            case PyValue.Str s -> throw new PyLiteralException("is a single string " + repr(s)
                    + ", not a list of strings (the contest code would treat every character as a class)", 1, 1);
            default -> throw new PyLiteralException("is a " + v.typeName() + ", not a list of strings", 1, 1);
        };
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof PyValue.Str s)) {
                throw new PyLiteralException("item " + i + " is " + items.get(i).typeName() + " " + repr(items.get(i))
                        + ", not a string", 1, 1);
            }
            out.add(s.value());
        }
        return out;
    }

    /** {@code repr(value)}. */
    public static String repr(PyValue value) {
        return PyRepr.repr(value);
    }

    /** {@code repr(list_of_str)}, the canonical way to write a {@code classes} cell: {@code [' A', ' B']}. */
    public static String reprStrings(List<String> items) {
        return repr(new PyValue.PyList(items.stream().<PyValue>map(PyValue.Str::new).toList()));
    }

    /** {@code repr(s)} of one str. */
    public static String reprString(String s) {
        return PyRepr.str(s);
    }
}
