package org.isstudio.format.csv;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PandasCsvReaderTest {

    private static CsvTable read(String text) throws CsvFormatException {
        return PandasCsvReader.read("t.csv", text);
    }

    @Test
    void keepsWhatPandasKeeps() throws Exception {
        CsvTable t = read("\uFEFF,prompt,classes,answer_index\r\n0,\"Q: a,\r\nb?\",\"[' Yes', ' No']\",0\r\n\r\n1, lead ,\"[\"\" it's\"\"]\",1\r\n");
        assertEquals(List.of("Unnamed: 0", "prompt", "classes", "answer_index"), t.columns());
        assertEquals(2, t.records().size());
        assertEquals("Q: a,\r\nb?", t.records().get(0).cell(1));
        assertEquals(" lead ", t.records().get(1).cell(1));
        assertEquals("[\" it's\"]", t.records().get(1).cell(2));
        assertEquals(List.of(2, 5), t.records().stream().map(CsvRecord::line).toList());
    }

    @Test
    void namesColumnsLikePandas() {
        assertEquals(List.of("a", "a.2", "a.1", "Unnamed: 3", "b", "b.1"),
                PandasCsvReader.pandasNames(Arrays.asList("a", "a", "a.1", "", "b", "b")));
    }

    @Test
    void padsShortRowsAndTakesAnImplicitIndex() throws Exception {
        CsvTable shortRow = read("a,b,c\n1,2\n");
        assertEquals(Arrays.asList("1", "2", null), shortRow.records().getFirst().cells());
        CsvTable indexed = read("a,b\nx,1,2\ny,3,4\n");
        assertEquals(1, indexed.implicitIndexColumns());
        assertEquals(List.of("Unnamed: 0", "a", "b"), indexed.columns());
    }

    @Test
    void refusalsNameTheLine() {
        CsvFormatException wide = assertThrows(CsvFormatException.class, () -> read("a,b\n\"x\ny\",1\n2,3,4\n"));
        assertEquals(4, wide.line());
        assertTrue(wide.reason().contains("3 fields but the header has 2"), wide.getMessage());
        CsvFormatException open = assertThrows(CsvFormatException.class, () -> read("a,b\n1,2\n3,\"never\nclosed\n"));
        assertEquals(3, open.line());
        assertTrue(open.getMessage().startsWith("t.csv:3:: "), open.getMessage());
        CsvFormatException empty = assertThrows(CsvFormatException.class, () -> read("\n\n"));
        assertTrue(empty.reason().contains("No columns to parse"), empty.getMessage());
        CsvFormatException utf8 = assertThrows(CsvFormatException.class,
                () -> PandasCsvReader.decode("t.csv", "a\nok\ncaf\u00e9".replace("\u00e9", "\u00ff").getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(3, utf8.line());
        assertTrue(utf8.reason().contains("byte 0xFF at offset 8"), utf8.getMessage());
    }

    @Test
    void naAndDtypesFollowPandas() {
        assertTrue(Pandas.isNa("NA"));
        assertTrue(Pandas.isNa(""));
        assertTrue(Pandas.isNa(null));
        assertFalse(Pandas.isNa(" NA"));
        assertFalse(Pandas.isNa("None"), "pandas 1.x, the contest's, reads None as text");
        assertEquals(Pandas.Dtype.INT64, Pandas.inferDtype(List.of("1", " +2 ", "-3")));
        assertEquals(Pandas.Dtype.FLOAT64, Pandas.inferDtype(Arrays.asList("1", null)));
        assertEquals(Pandas.Dtype.FLOAT64, Pandas.inferDtype(List.of("1", "2.0")));
        assertEquals(Pandas.Dtype.FLOAT64, Pandas.inferDtype(List.of(" 42", "Infinity")));
        assertEquals(Pandas.Dtype.BOOL, Pandas.inferDtype(List.of("True", "fALSE")));
        assertEquals(Pandas.Dtype.OBJECT, Pandas.inferDtype(Arrays.asList("True", null)));
        assertEquals(Pandas.Dtype.OBJECT, Pandas.inferDtype(List.of("1", "0x1")));
        assertEquals(Pandas.Dtype.UINT64, Pandas.inferDtype(List.of("18446744073709551615")));
        assertEquals(Pandas.Dtype.OBJECT, Pandas.inferDtype(List.of("18446744073709551616")));
    }

    @Test
    void writerQuotesWhatNeedsIt() {
        String csv = PandasCsvWriter.write(List.of("prompt", "classes", "answer_index"),
                List.of(Arrays.asList("Q:\r\nA:", "[' a', ' b']", "0"), Arrays.asList(" x", "say \"hi\"", null)));
        assertEquals("prompt,classes,answer_index\n\"Q:\r\nA:\",\"[' a', ' b']\",0\n\" x\",\"say \"\"hi\"\"\",\n", csv);
    }
}
