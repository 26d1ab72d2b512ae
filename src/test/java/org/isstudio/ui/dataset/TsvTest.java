package org.isstudio.ui.dataset;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TsvTest {

    @Test
    void parsesSpreadsheetClipboardWithQuotedLineBreaksTabsAndQuotes() {
        String clip = "a\t\"two\nlines\"\t\"say \"\"hi\"\"\"\r\nb\t\"tab\there\"\t c \n";
        assertEquals(List.of(
                List.of("a", "two\nlines", "say \"hi\""),
                List.of("b", "tab\there", " c ")), Tsv.parse(clip));
    }

    @Test
    void keepsEmptyCellsAndHasNoRowForTheFinalLineBreak() {
        assertEquals(List.of(List.of("", "x", "")), Tsv.parse("\tx\t\n"));
        assertEquals(List.of(List.of("only")), Tsv.parse("only"));
        assertEquals(List.of(), Tsv.parse(""));
    }

    @Test
    void formatRoundTrips() {
        List<List<String>> rows = List.of(
                List.of("Q: x\nA:", "[' yes', ' no']", "0"),
                List.of("\"quoted\" start", "tab\tin", ""));
        String text = Tsv.format(rows);
        assertEquals("\"Q: x\nA:\"\t[' yes', ' no']\t0\n\"\"\"quoted\"\" start\"\t\"tab\tin\"\t\n", text);
        assertEquals(rows, Tsv.parse(text));
    }
}
