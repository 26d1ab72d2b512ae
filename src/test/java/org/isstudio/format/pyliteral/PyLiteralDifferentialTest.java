package org.isstudio.format.pyliteral;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.isstudio.testing.Python;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@link PyLiteral} against the real {@code ast.literal_eval} and {@code repr} on a generated corpus. */
class PyLiteralDifferentialTest {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    /** For each JSON-string line: literal_eval it, answer its repr (or the error), and whether comparing the repr is fair. */
    private static final String EVAL_SCRIPT = """
            import ast, json, sys, unicodedata, warnings
            warnings.simplefilter("ignore")
            def unordered(v):
                if isinstance(v, (set, frozenset, dict)) and len(v) > 1: return True
                if isinstance(v, dict): return any(unordered(x) for x in v.values())
                if isinstance(v, (list, tuple, set)): return any(unordered(x) for x in v)
                return False
            def new_chars(v):
                # characters unassigned in Python's Unicode 14 but maybe assigned in Java's newer tables
                if isinstance(v, str): return any(unicodedata.category(c) == "Cn" for c in v)
                if isinstance(v, (list, tuple, set)): return any(new_chars(x) for x in v)
                if isinstance(v, dict): return any(new_chars(x) for x in list(v.keys()) + list(v.values()))
                return False
            for line in sys.stdin:
                src = json.loads(line)
                try:
                    v = ast.literal_eval(src)
                    out = {"ok": True, "repr": repr(v), "compare": not unordered(v) and not new_chars(v)}
                except Exception as e:
                    out = {"ok": False, "error": type(e).__name__ + ": " + str(e)}
                print(json.dumps(out))
            """;

    private static final String REPR_SCRIPT = """
            import json, sys, unicodedata
            for line in sys.stdin:
                s = json.loads(line)
                print(json.dumps({"repr": repr(s), "compare": not any(unicodedata.category(c) == "Cn" for c in s)}))
            """;

    @Test
    void literalEvalAgreesOnAGeneratedCorpus() throws Exception {
        Python.assumeModules();
        List<String> corpus = new ArrayList<>(handWritten());
        Random random = new Random(20221004);
        for (int i = 0; i < 2500; i++) corpus.add(fragments(random));
        for (int i = 0; i < 2500; i++) corpus.add(stringList(random));
        List<JsonNode> python = ask(EVAL_SCRIPT, corpus);
        int agreedValid = 0;
        for (int i = 0; i < corpus.size(); i++) {
            String src = corpus.get(i);
            JsonNode expected = python.get(i);
            String where = "source " + JSON.writeValueAsString(src);
            PyValue actual;
            try {
                actual = PyLiteral.parse(src);
            } catch (PyLiteralException e) {
                if (expected.get("ok").asBoolean()) fail(where + ": Python reads " + expected.get("repr") + ", we refused: " + e.getMessage());
                continue;
            }
            if (!expected.get("ok").asBoolean()) {
                fail(where + ": Python refused (" + expected.get("error").asText() + "), we read " + PyLiteral.repr(actual));
            }
            if (expected.get("compare").asBoolean()) assertEquals(expected.get("repr").asText(), PyLiteral.repr(actual), where);
            agreedValid++;
        }
        // the generators must exercise the accepting paths, not only the errors
        assertTrue(agreedValid > 2000, "only " + agreedValid + " valid literals in the corpus");
    }

    @Test
    void reprAgreesOnRandomStrings() throws Exception {
        Python.assumeModules();
        Random random = new Random(7);
        List<String> corpus = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder s = new StringBuilder();
            int n = random.nextInt(6);
            for (int k = 0; k < n; k++) {
                int cp = switch (random.nextInt(5)) {
                    case 0 -> random.nextInt(0x80);
                    case 1 -> "'\"\\ ".charAt(random.nextInt(4));
                    case 2 -> random.nextInt(0x800);
                    case 3 -> random.nextInt(0x10000);
                    default -> random.nextInt(0x110000);
                };
                if (Character.getType(cp) == Character.UNASSIGNED && random.nextBoolean()) cp = 'x';
                s.appendCodePoint(cp);
            }
            corpus.add(s.toString());
        }
        List<JsonNode> python = ask(REPR_SCRIPT, corpus);
        int compared = 0;
        for (int i = 0; i < corpus.size(); i++) {
            if (!python.get(i).get("compare").asBoolean()) continue;
            assertEquals(python.get(i).get("repr").asText(), PyLiteral.reprString(corpus.get(i)), "string " + JSON.writeValueAsString(corpus.get(i)));
            compared++;
        }
        assertTrue(compared > 2000, "compared only " + compared);
    }

    private static List<JsonNode> ask(String script, List<String> inputs) throws Exception {
        StringBuilder in = new StringBuilder();
        for (String s : inputs) in.append(JSON.writeValueAsString(s)).append('\n');
        String[] lines = Python.run(script, in.toString()).split("\n");
        assertEquals(inputs.size(), lines.length);
        List<JsonNode> out = new ArrayList<>();
        for (String l : lines) out.add(JSON.readTree(l));
        return out;
    }

    private static List<String> handWritten() {
        return List.of("[' A', ' B']", "(' A', ' B')", "' A', ' B'", "[' A', ' B',]", "(' A')", "(' A',)", "[]", "()",
                "'''a\r\nb'''", "'''a\rb'''", "'a\\\r\nb'", "\n  [1]", "\n[1]\n", "[1]\n  ", "[1]\n  \n", "[1]\n  #c", "[1]\n\t",
                "[1] # c\n", " \t[1]", "[1]\n\n2", "r'\\''", "'\\N{latin small letter a}'", "'\\N{LINE FEED}'", "'\\N{LF}'",
                "'\\N{ LATIN SMALL LETTER A}'", "'\\N{LINE FEED (LF)}'", "'\\N{BYTE ORDER MARK}'", "'\\N{HANGUL SYLLABLE GGAEG}'",
                "'\\N{CJK UNIFIED IDEOGRAPH-9FFF}'", "'\\N{CJK UNIFIED IDEOGRAPH-FFFF}'", "'\\777'", "'\\8'", "b'\\u1234'",
                "b'\\N{LF}'", "'a' 'b'", "'a' b'b'", "f'a'", "set()", "set( )", "set(1)", "...", "-1", "--1", "1+2j", "-(1)",
                "0123", "00", "0_0", "00.5", "0123.5", "0123j", "1_0", "1__0", "0x_1", "0b102", "1e", "1.e5", "1.5j", "-1.5-2.5j",
                "'\\x4'", "'\\U00110000'", "'\\U0010FFFF'", "'\\u12'", "True", "+True", "-True", "\ufeff[1]", "[1]\\\n", "\\\n[1]", "[1]\n\\\n", "[1] \\\n ",
                "1 if 1 else 2", "'''a''''", "u'x'", "Rb'\\x'", "bR'\\x'", "Ur'x'", "'\\\n'", "{1: 2, 'a': [3, (4,)]}", "{1, 2}",
                "{[1]: 2}", "{(1, [2]): 3}", "[*a]", "{**a}", "[1 for x in y]", "x", "[' A', ' B'] extra", "[' A' ' B']",
                "\"\"\"tri\"\"ple\"\"\"", "'''it''s'''", "'\\''", "\"\\\"\"", "r'\\'", "'\\Q'", "'\t'", "'\f'", "1j+1", "(1+2j)+3j",
                "[1,,2]", "[,]", "(,)", "[1\n,\n2\n]", "[1 # c ]\n]", "'#not a comment'", "1_000_000.000_1e1_0",
                "0o17", "0O17", "0XfF", "1e400", "-1e400", "1e-400", "0.1+0.2j", "2.5e-300", "123456789012345678901234567890.5",
                "\f[1]", "[1]\f", "[1]\n\f", "'\\N{EM DASH}\\N{em dash}'", "'\\N{}'", "'\\N'", "'\\N{EM DASH'", "'\\x41\\x4a'",
                "b'\\x80\\xff'", "b'\\777'", "'\\400'", "'\\0\\00\\000\\0000'", "'\\u00e9\\u00E9'", "'caf\u00e9'", "'\uD83D\uDE00'",
                "[' A', \" don't\", ' \"x\"', ''' both ' and \" ''']", "['\\t', '\\x1b', '\\x7f', '\\x80', '\\xa0', '\\xad', '\\u2028']",
                "['\\ud800', '\\udfff', '\\U0001F600', '\\U000E0001', '\\ue000']");
    }

    private static final String[] FRAGMENTS = {"'", "\"", "'''", "\"\"\"", "r", "b", "u", "f", "R", "\\", "\\n", "\\x4",
            "\\x41", "\\u00e9", "\\U0001F600", "\\N{EM DASH}", "\\N{LF}", "\\N{", "}", "\\0", "\\777", "\\-", "[", "]", "(",
            ")", "{", ",", ":", " ", "\t", "\n", "\r\n", "\r", "#", "A", " A", "\u00e9", "\uD83D\uDE00", "1", "0", "_", ".",
            "e", "j", "+", "-", "True", "None", "set()", "x", "..."};

    private static String fragments(Random r) {
        StringBuilder s = new StringBuilder();
        int n = 1 + r.nextInt(10);
        for (int i = 0; i < n; i++) s.append(FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
        return s.toString();
    }

    private static final String[] BODY = {"A", " ", "a b", "'", "\"", "\\\\", "\\n", "\\t", "\\r", "\\'", "\\\"", "\\x41",
            "\\xe9", "\\u00e9", "\\u20ac", "\\U0001F600", "\\N{EM DASH}", "\\N{NO-BREAK SPACE}", "\\101", "\\0", "\\7",
            "\\-", "\\[", "\\d", "\\\n", "\u00e9", "\u4e2d", "\uD83D\uDE00", "\t", "\u200b", "\u0085", "#", ",", "]"};

    /** A list or tuple of strings in a random quoting style, usually valid. */
    private static String stringList(Random r) {
        int n = r.nextInt(5);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) items.add(stringLiteral(r));
        String sep = r.nextInt(4) == 0 ? ",\n  " : ", ";
        String body = String.join(sep, items) + (n > 0 && r.nextInt(4) == 0 ? "," : "");
        return switch (r.nextInt(5)) {
            case 0 -> "(" + body + ")";
            case 1 -> n > 0 ? body : "[]";
            default -> "[" + body + "]";
        };
    }

    private static String stringLiteral(Random r) {
        String[] quotes = {"'", "\"", "'''", "\"\"\""};
        String q = quotes[r.nextInt(quotes.length)];
        String prefix = switch (r.nextInt(12)) {
            case 0 -> "r";
            case 1 -> "u";
            case 2 -> "R";
            default -> "";
        };
        StringBuilder body = new StringBuilder();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            String f = BODY[r.nextInt(BODY.length)];
            if (q.length() == 3 && r.nextInt(8) == 0) f = "\n";
            if (q.length() == 1 && f.equals(q)) f = "\\" + q;
            body.append(f);
        }
        String b = body.toString();
        // a literal whose body ends in its own quote character would close early; pad it
        if (b.endsWith(q.substring(0, 1)) || b.endsWith("\\")) b = b + "z";
        return prefix + q + b + q;
    }
}
