package org.isstudio.format.pyliteral;

import java.math.BigDecimal;
import java.util.Map;
import java.util.stream.Collectors;

/** Python 3.11's {@code repr} of the values {@link PyLiteral} reads. */
final class PyRepr {

    private PyRepr() {
    }

    static String repr(PyValue value) {
        return switch (value) {
            case PyValue.Str s -> str(s.value());
            case PyValue.Bytes b -> bytes(b.latin1());
            case PyValue.Int i -> i.value().toString();
            case PyValue.Float f -> floatRepr(f.value());
            case PyValue.Complex z -> complex(z.real(), z.imag());
            case PyValue.Bool b -> b.value() ? "True" : "False";
            case PyValue.None n -> "None";
            case PyValue.Ellipsis e -> "Ellipsis";
            case PyValue.PyList l -> l.items().stream().map(PyRepr::repr).collect(Collectors.joining(", ", "[", "]"));
            case PyValue.PyTuple t -> t.items().size() == 1 ? "(" + repr(t.items().getFirst()) + ",)"
                    : t.items().stream().map(PyRepr::repr).collect(Collectors.joining(", ", "(", ")"));
            case PyValue.PySet s -> s.items().isEmpty() ? "set()"
                    : s.items().stream().map(PyRepr::repr).collect(Collectors.joining(", ", "{", "}"));
            case PyValue.PyDict d -> d.entries().stream().map(PyRepr::entry).collect(Collectors.joining(", ", "{", "}"));
        };
    }

    private static String entry(Map.Entry<PyValue, PyValue> e) {
        return repr(e.getKey()) + ": " + repr(e.getValue());
    }

    /** CPython's unicode_repr: single quotes unless the text has a ' and no ", non-printable characters escaped. */
    static String str(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(s.length() + 2).append(quote);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                out.append('\\').appendCodePoint(cp);
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp < 0x20 || cp == 0x7f) {
                out.append(String.format("\\x%02x", cp));
            } else if (cp < 0x7f || isPrintable(cp)) {
                out.appendCodePoint(cp);
            } else if (cp <= 0xff) {
                out.append(String.format("\\x%02x", cp));
            } else if (cp <= 0xffff) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.append(String.format("\\U%08x", cp));
            }
        }
        return out.append(quote).toString();
    }

    /** Python's str.isprintable for one character: not a control, format, surrogate, private, unassigned or separator (but space). */
    static boolean isPrintable(int cp) {
        if (cp == ' ') return true;
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    private static String bytes(String latin1) {
        char quote = latin1.indexOf('\'') >= 0 && latin1.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder("b").append(quote);
        for (char c : latin1.toCharArray()) {
            if (c == quote || c == '\\') out.append('\\').append(c);
            else if (c == '\t') out.append("\\t");
            else if (c == '\n') out.append("\\n");
            else if (c == '\r') out.append("\\r");
            else if (c < 0x20 || c >= 0x7f) out.append(String.format("\\x%02x", (int) c));
            else out.append(c);
        }
        return out.append(quote).toString();
    }

    /** float.__repr__: the shortest text that reads back to the same double, scientific below 1e-4 and from 1e16. */
    static String floatRepr(double d) {
        String r = shortest(d);
        return r.matches("-?[0-9]+") ? r + ".0" : r;
    }

    /** repr(complex): components without a ".0" suffix, parenthesised unless the real part is +0.0. */
    private static String complex(double re, double im) {
        String imag = shortest(im);
        if (re == 0.0 && Double.doubleToRawLongBits(re) == 0L) return imag + "j";
        String sign = imag.startsWith("-") ? "" : "+";
        return "(" + shortest(re) + sign + imag + "j)";
    }

    /** The 'r' format of a double without float's ".0" suffix. */
    private static String shortest(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        String sign = (Double.doubleToRawLongBits(d) < 0) ? "-" : "";
        if (d == 0.0) return sign + "0";
        // Double.toString gives the shortest round-tripping digits since JDK 19, as Python's repr does
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int exponent = digits.length() - 1 - bd.scale();
        StringBuilder out = new StringBuilder(sign);
        if (exponent < -4 || exponent >= 16) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) out.append('.').append(digits, 1, digits.length());
            out.append('e').append(exponent < 0 ? '-' : '+');
            String e = Integer.toString(Math.abs(exponent));
            out.append(e.length() < 2 ? "0" + e : e);
        } else if (exponent < 0) {
            out.append("0.").append("0".repeat(-exponent - 1)).append(digits);
        } else if (digits.length() <= exponent + 1) {
            out.append(digits).append("0".repeat(exponent + 1 - digits.length()));
        } else {
            out.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
        }
        return out.toString();
    }
}
