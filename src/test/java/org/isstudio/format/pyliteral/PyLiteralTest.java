package org.isstudio.format.pyliteral;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PyLiteralTest {

    private static List<String> strings(String src) throws PyLiteralException {
        return PyLiteral.parseStringList(src);
    }

    @Test
    void readsTheQuotingStylesFoundInContestFiles() throws Exception {
        assertEquals(List.of(" A", " B"), strings("[' A', ' B']"));
        assertEquals(List.of(" proceed.", " don't."), strings("[' proceed.', \" don't.\"]"));
        assertEquals(List.of(" Earth's second layer", " empty"), strings("[' Earth\\'s second layer', ' empty']"));
        assertEquals(List.of(" A", " B"), strings("[\" A\", \" B\"]"));
        assertEquals(List.of("line1\nline2 \"q\" 'x'", " B"), strings("['''line1\nline2 \"q\" \\'x\\'''', ' B']"));
        assertEquals(List.of(" A", " B"), strings("(' A', ' B')"));
        assertEquals(List.of(" A", " B"), strings("[' A', ' B',]"));
        assertEquals(List.of(" A", " B"), strings("' A', ' B'"));
        assertEquals(List.of(" A", " B"), strings("[\n  ' A',  # first\n  ' B'\n]\n"));
    }

    @Test
    void decodesEveryPythonEscape() throws Exception {
        assertEquals("\n\t\r\\'\"\u0007\b\f\u000b", ((PyValue.Str) PyLiteral.parse("'\\n\\t\\r\\\\\\'\\\"\\a\\b\\f\\v'")).value());
        assertEquals("A\u00e9\u20ac\uD83D\uDE00", str("'\\x41\\u00e9\\u20AC\\U0001F600'"));
        assertEquals("A\u0001\u01ff8", str("'\\101\\1\\7778'"));
        assertEquals("\u2014a\nx\u00a0\uAC00\u4E00", str("'\\N{EM DASH}\\N{latin small letter a}\\N{LF}x\\N{NBSP}\\N{HANGUL SYLLABLE GA}\\N{CJK UNIFIED IDEOGRAPH-4E00}'"));
        assertEquals("\\- \\[ \\8 \\z", str("'\\- \\[ \\8 \\z'"));
        assertEquals("ab", str("'a\\\nb'"));
        assertEquals("a\nb", str("'''a\r\nb'''"));
        assertEquals("ab", str("'a' \"b\""));
        assertEquals("\\n\\'", str("r'\\n\\''"));
        assertEquals("x", str("u'x'"));
    }

    private static String str(String src) throws PyLiteralException {
        return assertInstanceOf(PyValue.Str.class, PyLiteral.parse(src)).value();
    }

    @Test
    void readsNumbersAndConstantsLikeLiteralEval() throws Exception {
        assertEquals(new PyValue.Int(BigInteger.valueOf(-1)), PyLiteral.parse("-1"));
        assertEquals(new PyValue.Int(BigInteger.valueOf(-1)), PyLiteral.parse("-(1)"));
        assertEquals(new PyValue.Int(BigInteger.valueOf(255)), PyLiteral.parse("0xf_f"));
        assertEquals(new PyValue.Int(new BigInteger("123456789012345678901234567890")), PyLiteral.parse("123456789012345678901234567890"));
        assertEquals(new PyValue.Float(0.5), PyLiteral.parse(".5"));
        assertEquals(new PyValue.Float(1e5), PyLiteral.parse("1_0.e4"));
        assertEquals(new PyValue.Complex(1, -2), PyLiteral.parse("1-2j"));
        assertEquals(new PyValue.Bool(true), PyLiteral.parse("True"));
        assertEquals(new PyValue.None(), PyLiteral.parse("None"));
        assertEquals(new PyValue.Ellipsis(), PyLiteral.parse("..."));
        assertEquals(new PyValue.PySet(List.of()), PyLiteral.parse("set()"));
        assertEquals(new PyValue.PyTuple(List.of()), PyLiteral.parse("()"));
        assertEquals("{1: 'b', 2: None}", PyLiteral.repr(PyLiteral.parse("{1: 'a', 2: None, 1: 'b'}")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "f' A'|1|1|f-strings",
            "[' A', x]|1|8|the name 'x'",
            "--1|1|1|a sign can only prefix a number",
            "1+2|1|1|only joins a real number and an imaginary one",
            "[' A' + ' B']|1|2|only joins",
            "0123|1|1|leading zeros",
            "[' A', ' B'|1|12|'[' was never closed",
            "`' A`|1|1|unterminated string literal",
            "`'\\x4'`|1|2|truncated \\xXX escape",
            "`'\\N{NO SUCH NAME}'`|1|2|unknown Unicode character name",
            "`'a' b'b'`|1|1|cannot mix bytes and nonbytes",
            "`b'\u00e9'`|1|1|bytes can only contain ASCII",
            "`{[1]: 2}`|1|2|unhashable type: 'list'",
            "`['a'] ['b']`|1|7|not a literal",
    })
    void refusesWhatLiteralEvalRefusesWithAPosition(String src, int line, int column, String message) {
        PyLiteralException e = assertThrows(PyLiteralException.class, () -> PyLiteral.parse(src));
        assertTrue(e.reason().contains(message), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
    }

    @Test
    void layoutRulesOfTheTokenizer() throws Exception {
        assertEquals(new PyValue.PyList(List.of()), PyLiteral.parse(" \t\n[] # comment\n\n"));
        assertEquals(new PyValue.PyList(List.of()), PyLiteral.parse("\\\n[]"));
        assertEquals("unexpected indent", assertThrows(PyLiteralException.class, () -> PyLiteral.parse("\n  []")).reason());
        assertEquals("unexpected indent", assertThrows(PyLiteralException.class, () -> PyLiteral.parse("[]\n  ")).reason());
        assertThrows(PyLiteralException.class, () -> PyLiteral.parse("[]\n[]"));
        assertThrows(PyLiteralException.class, () -> PyLiteral.parse("'a\0'"));
        assertThrows(PyLiteralException.class, () -> PyLiteral.parse(""));
    }

    @Test
    void classesMustBeAListOfStrings() {
        PyLiteralException bare = assertThrows(PyLiteralException.class, () -> strings("' A'"));
        assertTrue(bare.reason().contains("single string ' A'"), bare.reason());
        PyLiteralException number = assertThrows(PyLiteralException.class, () -> strings("[' A', 2]"));
        assertEquals("item 1 is int 2, not a string", number.reason());
        PyLiteralException bytes = assertThrows(PyLiteralException.class, () -> strings("[b' A', ' B']"));
        assertEquals("item 0 is bytes b' A', not a string", bytes.reason());
        assertEquals("is a dict, not a list of strings", assertThrows(PyLiteralException.class, () -> strings("{}")).reason());
    }

    @Test
    void writesLikeRepr() throws Exception {
        assertEquals("[' A', ' B']", PyLiteral.reprStrings(List.of(" A", " B")));
        assertEquals("[\" don't\", ' \"x\"', ' \\'\"', 'a\\\\b']", PyLiteral.reprStrings(List.of(" don't", " \"x\"", " '\"", "a\\b")));
        assertEquals("'\\n\\r\\t\\x00\\x7f\\x85\\xa0é\\u200b\\U000e0001😀'", PyLiteral.reprString("\n\r\t\0\u007f\u0085\u00a0é\u200b\uDB40\uDC01😀"));
        assertEquals("'\\ud800'", PyLiteral.reprString("\uD800"));
        assertEquals("(' A',)", PyLiteral.repr(PyLiteral.parse("(' A',)")));
        assertEquals("[1e+16, 1234567890123456.0, 0.0001, 1e-05, -0.0, inf, 0.1, 2.5e-300]",
                PyLiteral.repr(PyLiteral.parse("[1e16, 1234567890123456., 1e-4, 1e-5, -0.0, 1e999, 0.1, 2.5e-300]")));
        assertEquals("[2j, (1+2j), (1.5-0j), (-0-1j)]", PyLiteral.repr(PyLiteral.parse("[2j, 1+2j, 1.5-0j, -0.0-1j]")));
        assertEquals("[b\"a'\\x00\", b'\"']", PyLiteral.repr(PyLiteral.parse("[b'a\\'\\0', b'\"']")));
    }

    @Test
    void reprReadsBack() throws Exception {
        List<String> tricky = List.of(" A", "", " it's", " \"q\" and 'p'", "\\", "\r\n", "\u2028", "é\u0301", "\uD83D\uDE00");
        assertEquals(tricky, strings(PyLiteral.reprStrings(tricky)));
    }
}
