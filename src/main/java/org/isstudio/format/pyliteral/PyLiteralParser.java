package org.isstudio.format.pyliteral;

import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recursive-descent reading of Python's expression grammar, limited to what {@code ast.literal_eval}
 * accepts and checked with the same rules as its {@code _convert}: a sign may only prefix a number constant,
 * and {@code +}/{@code -} between operands only join a real number and an imaginary one.
 */
final class PyLiteralParser {

    /** How an operand was written: literal_eval's sign and complex rules depend on it, not only on its value. */
    private enum Form { NUMBER, SIGNED_NUMBER, COMPLEX_SUM, OTHER }

    private record Node(PyValue value, Form form) {
    }

    private static final String DIGITS = "[0-9](?:_?[0-9])*";
    private static final String EXPONENT = "[eE][+-]?" + DIGITS;
    private static final String POINT_FLOAT = "(?:(?:" + DIGITS + ")?\\." + DIGITS + "|" + DIGITS + "\\.)";
    private static final String FLOAT = "(?:" + POINT_FLOAT + "(?:" + EXPONENT + ")?|" + DIGITS + EXPONENT + ")";
    private static final Pattern RADIX_INT = Pattern.compile("0(?:[xX](?:_?[0-9a-fA-F])+|[oO](?:_?[0-7])+|[bB](?:_?[01])+)");
    private static final Pattern IMAGINARY = Pattern.compile("(?:" + FLOAT + "|" + DIGITS + ")[jJ]");
    private static final Pattern FLOAT_NUMBER = Pattern.compile(FLOAT);
    private static final Pattern DEC_INT = Pattern.compile(DIGITS);

    private final String src;
    private int pos;
    /** Open brackets: inside them line breaks and indentation mean nothing. */
    private int depth;

    PyLiteralParser(String source) throws PyLiteralException {
        if (source.indexOf('\0') >= 0) throw new PyLiteralException("source code string cannot contain null bytes", 1, 1);
        // literal_eval strips leading spaces and tabs; compiling from a str translates \r\n and \r to \n
        int start = 0;
        while (start < source.length() && (source.charAt(start) == ' ' || source.charAt(start) == '\t')) start++;
        this.src = source.substring(start).replace("\r\n", "\n").replace('\r', '\n');
    }

    PyValue parseAll() throws PyLiteralException {
        skipBlankLines(false);
        if (atEnd()) throw error("unexpected EOF while parsing", pos);
        if (indentColumn(pos) > 0) throw error("unexpected indent", pos);
        skipSpace();
        PyValue v = expressionList(true).value();
        skipSpace();
        if (pos < src.length() && src.charAt(pos) != '\n') throw error("invalid syntax", pos);
        skipBlankLines(true);
        if (pos < src.length()) throw error(indentColumn(pos) > 0 ? "unexpected indent" : "invalid syntax", pos);
        return v;
    }

    // ---- grammar ----

    /** {@code a, b, c} (a tuple when there is a comma) or a single expression. */
    private Node expressionList(boolean topLevel) throws PyLiteralException {
        Node first = expression();
        skipSpace();
        if (peek() != ',') return first;
        List<PyValue> items = new ArrayList<>();
        items.add(first.value());
        while (peek() == ',') {
            pos++;
            skipSpace();
            if (endsSequence(topLevel)) break;
            items.add(expression().value());
            skipSpace();
        }
        return new Node(new PyValue.PyTuple(items), Form.OTHER);
    }

    private boolean endsSequence(boolean topLevel) {
        char c = peek();
        return c == ')' || c == ']' || c == '}' || (topLevel && (c == '\n' || c == 0));
    }

    /** {@code x}, {@code -x}, {@code x + y}, {@code x - y}. */
    private Node expression() throws PyLiteralException {
        int start = pos;
        Node left = signed();
        skipSpace();
        while (peek() == '+' || peek() == '-') {
            char op = peek();
            pos++;
            skipSpace();
            Node right = signed();
            left = complexSum(left, op, right, start);
            skipSpace();
        }
        char c = peek();
        if (c == '*' || c == '/' || c == '%' || c == '@' || c == '<' || c == '>' || c == '=' || c == '!' || c == '&'
                || c == '|' || c == '^' || c == '.' || c == '[' || c == '(' || isNameStart(c)) {
            throw error("not a literal: operators, calls, subscripts and attributes are not allowed", pos);
        }
        return left;
    }

    private Node signed() throws PyLiteralException {
        char c = peek();
        if (c == '+' || c == '-') {
            int at = pos;
            pos++;
            skipSpace();
            Node operand = signed();
            if (operand.form() != Form.NUMBER) throw error("not a literal: a sign can only prefix a number", at);
            return new Node(negateIf(c == '-', operand.value()), Form.SIGNED_NUMBER);
        }
        if (c == '~') throw error("not a literal: operator ~", pos);
        return atom();
    }

    private static PyValue negateIf(boolean negate, PyValue v) {
        if (!negate) return v;
        return switch (v) {
            case PyValue.Int i -> new PyValue.Int(i.value().negate());
            case PyValue.Float f -> new PyValue.Float(-f.value());
            case PyValue.Complex z -> new PyValue.Complex(-z.real(), -z.imag());
            default -> throw new IllegalStateException(v.typeName());
        };
    }

    /** literal_eval's one binary form: a (signed) real number plus or minus an imaginary constant. */
    private Node complexSum(Node left, char op, Node right, int at) throws PyLiteralException {
        boolean leftOk = (left.form() == Form.NUMBER || left.form() == Form.SIGNED_NUMBER)
                && (left.value() instanceof PyValue.Int || left.value() instanceof PyValue.Float);
        boolean rightOk = right.form() == Form.NUMBER && right.value() instanceof PyValue.Complex;
        if (!leftOk || !rightOk) {
            throw error("not a literal: '" + op + "' only joins a real number and an imaginary one (like 1+2j)", at);
        }
        double real = left.value() instanceof PyValue.Int i ? i.value().doubleValue() : ((PyValue.Float) left.value()).value();
        PyValue.Complex z = (PyValue.Complex) right.value();
        double imag = op == '+' ? z.imag() : -z.imag();
        // Python computes real + complex(0, imag): the real parts add, 0.0 + 0.0 stays positive zero
        double re = op == '+' ? real + z.real() : real - z.real();
        return new Node(new PyValue.Complex(re, imag), Form.COMPLEX_SUM);
    }

    private Node atom() throws PyLiteralException {
        int start = pos;
        char c = peek();
        if (c == 0 || c == '\n') throw error(c == 0 ? "unexpected EOF while parsing" : "invalid syntax", pos);
        if (c == '[') return new Node(new PyValue.PyList(sequence(']')), Form.OTHER);
        if (c == '(') return parenthesised();
        if (c == '{') return braces();
        if (c == '"' || c == '\'') return new Node(strings(), Form.OTHER);
        if (c == '.' && src.startsWith("...", pos)) {
            pos += 3;
            return new Node(new PyValue.Ellipsis(), Form.OTHER);
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
            return new Node(number(), Form.NUMBER);
        }
        if (isNameStart(c)) {
            int end = nameEnd(pos);
            String name = src.substring(pos, end);
            if (end < src.length() && (src.charAt(end) == '\'' || src.charAt(end) == '"') && isPrefix(name)) {
                return new Node(strings(), Form.OTHER);
            }
            pos = end;
            return switch (name) {
                case "True" -> new Node(new PyValue.Bool(true), Form.OTHER);
                case "False" -> new Node(new PyValue.Bool(false), Form.OTHER);
                case "None" -> new Node(new PyValue.None(), Form.OTHER);
                case "set" -> emptySetCall(start);
                default -> throw error("not a literal: the name '" + name + "'", start);
            };
        }
        if (c == '\\') throw error("unexpected character after line continuation character", pos);
        throw error("invalid character '" + new String(Character.toChars(src.codePointAt(pos))) + "' (U+"
                + String.format("%04X", src.codePointAt(pos)) + ")", pos);
    }

    private Node emptySetCall(int start) throws PyLiteralException {
        skipSpace();
        if (peek() == '(') {
            pos++;
            skipSpace();
            if (peek() == ')') {
                pos++;
                return new Node(new PyValue.PySet(List.of()), Form.OTHER);
            }
        }
        throw error("not a literal: only set() with no arguments is allowed", start);
    }

    private Node parenthesised() throws PyLiteralException {
        pos++;
        depth++;
        skipSpace();
        if (peek() == ')') {
            pos++;
            depth--;
            return new Node(new PyValue.PyTuple(List.of()), Form.OTHER);
        }
        Node inner = expressionList(false);
        skipSpace();
        expect(')');
        depth--;
        return inner;
    }

    /** The items of {@code [...]} or a set's {@code {...}} up to {@code close}, with an optional trailing comma. */
    private List<PyValue> sequence(char close) throws PyLiteralException {
        pos++;
        depth++;
        List<PyValue> items = new ArrayList<>();
        skipSpace();
        while (peek() != close) {
            if (peek() == '*') throw error("not a literal: unpacking with *", pos);
            items.add(expression().value());
            skipSpace();
            if (peek() == ',') {
                pos++;
                skipSpace();
            } else if (peek() != close) {
                throw error(peek() == 0 ? "'" + opening(close) + "' was never closed" : "invalid syntax (expected ',' or '"
                        + close + "')", pos);
            }
        }
        pos++;
        depth--;
        return items;
    }

    private Node braces() throws PyLiteralException {
        int open = pos;
        pos++;
        depth++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            depth--;
            return new Node(new PyValue.PyDict(List.of()), Form.OTHER);
        }
        if (peek() == '*') throw error("not a literal: unpacking with * or **", pos);
        int firstAt = pos;
        PyValue first = expression().value();
        skipSpace();
        if (peek() != ':') {
            // a set: re-read from the start as a sequence
            pos = open;
            depth--;
            List<PyValue> items = sequence('}');
            List<PyValue> distinct = new ArrayList<>();
            for (PyValue item : items) {
                requireHashable(item, firstAt);
                if (!distinct.contains(item)) distinct.add(item);
            }
            return new Node(new PyValue.PySet(distinct), Form.OTHER);
        }
        Map<PyValue, PyValue> entries = new LinkedHashMap<>();
        PyValue key = first;
        int keyAt = firstAt;
        while (true) {
            expect(':');
            skipSpace();
            PyValue value = expression().value();
            requireHashable(key, keyAt);
            entries.put(key, value);
            skipSpace();
            if (peek() == ',') {
                pos++;
                skipSpace();
            } else if (peek() != '}') {
                throw error(peek() == 0 ? "'{' was never closed" : "invalid syntax (expected ',' or '}')", pos);
            }
            if (peek() == '}') break;
            if (peek() == '*') throw error("not a literal: unpacking with **", pos);
            keyAt = pos;
            key = expression().value();
            skipSpace();
        }
        pos++;
        depth--;
        List<Map.Entry<PyValue, PyValue>> list = new ArrayList<>();
        entries.forEach((k, v) -> list.add(new AbstractMap.SimpleImmutableEntry<>(k, v)));
        return new Node(new PyValue.PyDict(list), Form.OTHER);
    }

    private void requireHashable(PyValue v, int at) throws PyLiteralException {
        switch (v) {
            case PyValue.PyList l -> throw error("unhashable type: 'list'", at);
            case PyValue.PyDict d -> throw error("unhashable type: 'dict'", at);
            case PyValue.PySet s -> throw error("unhashable type: 'set'", at);
            case PyValue.PyTuple t -> {
                for (PyValue item : t.items()) requireHashable(item, at);
            }
            default -> {
            }
        }
    }

    // ---- strings ----

    private static boolean isPrefix(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "r", "u", "b", "br", "rb", "f", "fr", "rf" -> true;
            default -> false;
        };
    }

    /** One or more adjacent string literals, concatenated as Python does. */
    private PyValue strings() throws PyLiteralException {
        StringBuilder text = new StringBuilder();
        Boolean bytes = null;
        int firstAt = pos;
        while (true) {
            int at = pos;
            int prefixEnd = pos;
            while (prefixEnd < src.length() && Character.isLetter(src.charAt(prefixEnd))) prefixEnd++;
            String prefix = src.substring(pos, prefixEnd).toLowerCase(java.util.Locale.ROOT);
            if (prefix.contains("f")) {
                throw error("not a literal: f-strings are evaluated at run time, ast.literal_eval refuses them", at);
            }
            boolean isBytes = prefix.contains("b");
            if (bytes != null && bytes != isBytes) throw error("cannot mix bytes and nonbytes literals", firstAt);
            bytes = isBytes;
            pos = prefixEnd;
            text.append(stringLiteral(prefix.contains("r"), isBytes, at));
            skipSpace();
            char c = peek();
            if (c == '\'' || c == '"') continue;
            if (isNameStart(c)) {
                int end = nameEnd(pos);
                if (end < src.length() && (src.charAt(end) == '\'' || src.charAt(end) == '"') && isPrefix(src.substring(pos, end))) {
                    continue;
                }
            }
            break;
        }
        return bytes ? new PyValue.Bytes(text.toString()) : new PyValue.Str(text.toString());
    }

    /** One literal from its opening quote; {@code at} is where its prefix starts, for messages. */
    private String stringLiteral(boolean raw, boolean bytes, int at) throws PyLiteralException {
        char quote = src.charAt(pos);
        boolean triple = src.startsWith(String.valueOf(quote).repeat(3), pos);
        pos += triple ? 3 : 1;
        int bodyStart = pos;
        while (true) {
            if (pos >= src.length()) {
                throw error(triple ? "unterminated triple-quoted string literal" : "unterminated string literal", at);
            }
            char c = src.charAt(pos);
            if (c == '\\') {
                // even in a raw string a backslash keeps the next character from closing the literal
                pos += 2;
                continue;
            }
            if (c == '\n' && !triple) throw error("unterminated string literal", at);
            if (c == quote && (!triple || src.startsWith(String.valueOf(quote).repeat(3), pos))) break;
            pos++;
        }
        String body = src.substring(bodyStart, pos);
        pos += triple ? 3 : 1;
        if (bytes) {
            for (int i = 0; i < body.length(); i++) {
                if (body.charAt(i) > 0x7f) throw error("bytes can only contain ASCII literal characters", at);
            }
        }
        return raw ? body : unescape(body, bytes, bodyStart);
    }

    private String unescape(String body, boolean bytes, int bodyStart) throws PyLiteralException {
        StringBuilder out = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                out.append(c);
                i++;
                continue;
            }
            char e = body.charAt(i + 1);
            int escapeAt = bodyStart + i;
            i += 2;
            switch (e) {
                case '\n' -> { }
                case '\\', '\'', '"' -> out.append(e);
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int end = i - 1;
                    while (end < body.length() && end < i + 2 && body.charAt(end) >= '0' && body.charAt(end) <= '7') end++;
                    int value = Integer.parseInt(body.substring(i - 1, end), 8);
                    out.append((char) (bytes ? value & 0xff : value));
                    i = end;
                }
                case 'x' -> {
                    out.appendCodePoint(hex(body, i, 2, "truncated \\xXX escape", escapeAt));
                    i += 2;
                }
                case 'u', 'U' -> {
                    if (bytes) {
                        out.append('\\').append(e);
                    } else {
                        int n = e == 'u' ? 4 : 8;
                        int cp = hex(body, i, n, e == 'u' ? "truncated \\uXXXX escape" : "truncated \\UXXXXXXXX escape", escapeAt);
                        if (cp > Character.MAX_CODE_POINT) throw error("illegal Unicode character in \\U escape", escapeAt);
                        out.appendCodePoint(cp);
                        i += n;
                    }
                }
                case 'N' -> {
                    if (bytes) {
                        out.append("\\N");
                    } else {
                        int close = body.indexOf('}', i);
                        if (i >= body.length() || body.charAt(i) != '{' || close < 0) {
                            throw error("malformed \\N character escape", escapeAt);
                        }
                        String name = body.substring(i + 1, close);
                        OptionalInt cp = UnicodeNames.lookup(name);
                        if (cp.isEmpty()) throw error("unknown Unicode character name '" + name + "'", escapeAt);
                        out.appendCodePoint(cp.getAsInt());
                        i = close + 1;
                    }
                }
                // Python keeps an unknown escape as it is, backslash included (with a DeprecationWarning)
                default -> out.append('\\').append(e);
            }
        }
        return out.toString();
    }

    private int hex(String body, int from, int n, String message, int at) throws PyLiteralException {
        if (from + n > body.length()) throw error(message, at);
        int v = 0;
        for (int k = from; k < from + n; k++) {
            int d = Character.digit(body.charAt(k), 16);
            if (d < 0 || body.charAt(k) > 0x7f) throw error(message, at);
            v = v * 16 + d;
            if (v > Character.MAX_CODE_POINT) v = Character.MAX_CODE_POINT + 1;
        }
        return v;
    }

    // ---- numbers ----

    private PyValue number() throws PyLiteralException {
        int start = pos;
        PyValue value;
        Matcher m;
        if ((m = match(RADIX_INT)) != null) {
            String digits = m.group().substring(2).replace("_", "");
            int radix = switch (Character.toLowerCase(m.group().charAt(1))) {
                case 'x' -> 16;
                case 'o' -> 8;
                default -> 2;
            };
            value = new PyValue.Int(new BigInteger(digits, radix));
        } else if ((m = match(IMAGINARY)) != null) {
            String t = m.group();
            value = new PyValue.Complex(0.0, Double.parseDouble(t.substring(0, t.length() - 1).replace("_", "")));
        } else if ((m = match(FLOAT_NUMBER)) != null) {
            value = new PyValue.Float(Double.parseDouble(m.group().replace("_", "")));
        } else if ((m = match(DEC_INT)) != null) {
            String digits = m.group().replace("_", "");
            if (digits.length() > 1 && digits.charAt(0) == '0' && !digits.chars().allMatch(ch -> ch == '0')) {
                throw error("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", start);
            }
            value = new PyValue.Int(new BigInteger(digits));
        } else {
            throw error("invalid decimal literal", start);
        }
        pos = m.end();
        if (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            throw error("invalid decimal literal", start);
        }
        return value;
    }

    private Matcher match(Pattern p) {
        Matcher m = p.matcher(src).region(pos, src.length());
        return m.lookingAt() ? m : null;
    }

    // ---- layout ----

    private char peek() {
        return pos < src.length() ? src.charAt(pos) : 0;
    }

    private boolean atEnd() {
        return pos >= src.length();
    }

    private static boolean isIndent(char c) {
        return c == ' ' || c == '\t' || c == '\f';
    }

    private static boolean isNameStart(char c) {
        return c == '_' || Character.isLetter(c);
    }

    private int nameEnd(int from) {
        int end = from;
        while (end < src.length() && (Character.isLetterOrDigit(src.charAt(end)) || src.charAt(end) == '_')) end++;
        return end;
    }

    /** Spaces, comments and backslash continuations; line breaks too while a bracket is open. */
    private void skipSpace() throws PyLiteralException {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (isIndent(c) || (c == '\n' && depth > 0)) {
                pos++;
            } else if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') pos++;
            } else if (c == '\\') {
                if (pos + 1 >= src.length()) throw error("unexpected EOF while parsing", pos);
                if (src.charAt(pos + 1) != '\n') throw error("unexpected character after line continuation character", pos);
                pos += 2;
                if (pos >= src.length()) throw error("unexpected EOF while parsing", pos);
            } else {
                return;
            }
        }
    }

    /**
     * Lines holding only spaces and comments, which Python's tokenizer ignores; except that a last line of
     * indentation alone, with no line break after it, is an "unexpected indent" (a tokenizer quirk).
     */
    private void skipBlankLines(boolean afterExpression) throws PyLiteralException {
        while (pos < src.length()) {
            int lineStart = pos;
            int p = pos;
            while (p < src.length() && isIndent(src.charAt(p))) p++;
            if (p == lineStart && src.startsWith("\\\n", p)) {
                pos = p + 2;
                if (pos >= src.length()) throw error("unexpected EOF while parsing", pos);
                continue;
            }
            boolean comment = p < src.length() && src.charAt(p) == '#';
            while (comment && p < src.length() && src.charAt(p) != '\n') p++;
            if (p >= src.length()) {
                if (afterExpression && !comment && indentColumn(lineStart) > 0) throw error("unexpected indent", lineStart);
                pos = p;
                return;
            }
            if (src.charAt(p) != '\n') {
                pos = lineStart;
                return;
            }
            pos = p + 1;
        }
    }

    /** The indentation column of the line starting at {@code lineStart}: tabs to multiples of 8, a form feed resets. */
    private int indentColumn(int lineStart) {
        int col = 0;
        for (int p = lineStart; p < src.length() && isIndent(src.charAt(p)); p++) {
            char c = src.charAt(p);
            col = c == ' ' ? col + 1 : c == '\t' ? (col / 8 + 1) * 8 : 0;
        }
        return col;
    }

    private void expect(char c) throws PyLiteralException {
        if (peek() != c) {
            throw error(peek() == 0 ? "unexpected EOF while parsing (expected '" + c + "')"
                    : "invalid syntax (expected '" + c + "')", pos);
        }
        pos++;
    }

    private static char opening(char close) {
        return close == ']' ? '[' : close == ')' ? '(' : '{';
    }

    private PyLiteralException error(String message, int at) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < Math.min(at, src.length()); i++) {
            if (src.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new PyLiteralException(message, line, at - lineStart + 1);
    }
}
