package org.isstudio.format.validate;

import org.isstudio.format.Fixtures;
import org.isstudio.format.csv.PandasCsvReader;
import org.isstudio.model.Diagnostic;
import org.isstudio.model.PartKind;
import org.isstudio.model.Severity;
import org.isstudio.model.ShotSelection;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidatorTest {

    private static List<Diagnostic> check(String csv) throws Exception {
        var t = PandasCsvReader.read("t.csv", csv);
        return new Validator().check(ContestTable.of(t, ContestTable.inferType(t.columns())));
    }

    private static List<Diagnostic> check(String csv, TokenCounter tokens) throws Exception {
        var t = PandasCsvReader.read("t.csv", csv);
        return new Validator(tokens).check(ContestTable.of(t, ContestTable.inferType(t.columns())));
    }

    /** The findings as "severity row column: start of message", without the size warning every small file gets. */
    private static String summary(List<Diagnostic> ds) {
        return ds.stream().filter(d -> !d.message().contains("examples; the contest asks"))
                .map(d -> d.severity().label() + " " + d.row() + " " + d.column() + ": " + d.message())
                .collect(Collectors.joining("\n"));
    }

    private static void assertFinds(List<Diagnostic> ds, Severity s, int row, String column, String text) {
        assertTrue(ds.stream().anyMatch(d -> d.severity() == s && d.row() == row && d.column().equals(column) && d.message().contains(text)),
                "expected " + s + " at " + row + ":" + column + " containing '" + text + "' in\n" + summary(ds));
    }

    @Test
    void aCleanFileHasOnlyTheSizeWarning() throws Exception {
        List<Diagnostic> ds = check("prompt,classes,answer_index\nQ: a?\nA:,\"[' yes', ' no']\",0\nQ: b?,\"[' yes', ' no']\",1\n"
                .replace("Q: a?\nA:", "\"Q: a?\nA:\""));
        assertEquals("", summary(ds));
        assertEquals(1, ds.size());
        assertEquals("t.csv:0:: warning: 2 examples; the contest asks for at least 300 and advises aiming for about 1000", ds.getFirst().format());
    }

    @Test
    void missingColumnsAreErrorsOnTheHeader() throws Exception {
        List<Diagnostic> ds = check("prompt,biased_prompt,classes\nx,y,\"[' a', ' b']\"\n");
        assertFinds(ds, Severity.ERROR, 1, "other_prompt", "biased_prompt");
        assertFinds(ds, Severity.ERROR, 1, "answer_index", "missing column");
    }

    @Test
    void cellsPandasReadsAsNaAreErrors() throws Exception {
        List<Diagnostic> ds = check("prompt,classes,answer_index\nNA,\"[' a', ' b']\",0\n\"\",\"[' a', ' b']\",\nnull,n/a,1\nNone,\"[' a', ' b']\",1\n");
        assertFinds(ds, Severity.ERROR, 2, "prompt", "'NA', which pandas reads as a missing value");
        assertFinds(ds, Severity.ERROR, 3, "prompt", "empty");
        assertFinds(ds, Severity.ERROR, 3, "answer_index", "empty");
        assertFinds(ds, Severity.ERROR, 4, "classes", "'n/a'");
        assertFinds(ds, Severity.WARNING, 5, "prompt", "pandas 2");
    }

    @Test
    void numericCompletionColumnIsAnError() throws Exception {
        List<Diagnostic> ds = check("prompt,completion\nSay,\" 42\"\nCount,\" 7\"\n");
        assertFinds(ds, Severity.ERROR, 0, "completion", "reads as a int64");
        List<Diagnostic> fine = check("prompt,completion\nSay,\" 42\"\nCount,\" seven\"\n");
        assertEquals("", summary(fine));
    }

    @Test
    void answerIndexMustBeAnIntegerInRange() throws Exception {
        List<Diagnostic> ds = check("prompt,classes,answer_index\na,\"[' a', ' b']\",1.0\nb,\"[' a', ' b']\",2\nc,\"[' a', ' b']\",-1\n"
                + "d,\"[' a', ' b']\",one\n");
        assertFinds(ds, Severity.ERROR, 2, "answer_index", "is a float");
        assertFinds(ds, Severity.ERROR, 3, "answer_index", "outside 0..1");
        assertFinds(ds, Severity.ERROR, 4, "answer_index", "count from the end");
        assertFinds(ds, Severity.ERROR, 5, "answer_index", "not a whole number");
    }

    @Test
    void classesProblems() throws Exception {
        List<Diagnostic> ds = check("prompt,classes,answer_index\n"
                + "a,' A',0\n"                       // 2: bare string
                + "b,\"[' A']\",0\n"                // 3: one class
                + "c,\"[' A', ' A']\",0\n"          // 4: duplicate
                + "d,\"[' A', '']\",0\n"            // 5: empty class
                + "e,\"['A', ' B']\",0\n"           // 6: no leading space (warning)
                + "f,\"[' A', ' B'\",0\n"           // 7: not closed
                + "g,\"[' A', 2]\",0\n");           // 8: not a string
        assertFinds(ds, Severity.ERROR, 2, "classes", "single string ' A'");
        assertFinds(ds, Severity.ERROR, 3, "classes", "at least 2");
        assertFinds(ds, Severity.ERROR, 4, "classes", "repeats an earlier class");
        assertFinds(ds, Severity.ERROR, 5, "classes", "is empty");
        assertFinds(ds, Severity.WARNING, 6, "classes", "does not start with a space");
        assertFinds(ds, Severity.ERROR, 7, "classes", "never closed");
        assertFinds(ds, Severity.ERROR, 8, "classes", "item 1 is int 2");
    }

    @Test
    void warningsReviewersWouldRaise() throws Exception {
        List<Diagnostic> ds = check("prompt,classes,answer_index\n\"Q: x \",\"[' a', ' b']\",1\nQ: y,\"[' a', ' b']\",1\n\"Q: x \",\"[' a', ' b']\",1\n");
        assertFinds(ds, Severity.WARNING, 2, "prompt", "ends in whitespace (a space)");
        assertFinds(ds, Severity.WARNING, 4, "", "duplicate of row 2");
        assertFinds(ds, Severity.WARNING, 0, "answer_index", "is 1 in every row");
        assertTrue(ds.stream().noneMatch(d -> d.severity() == Severity.ERROR), summary(ds));
    }

    @Test
    void logoddsNeedsTwoSingleTokenClassesThatDiffer() throws Exception {
        // a toy tokenizer: one id per word, the word's hash; "  " splits on spaces
        TokenCounter words = text -> java.util.Arrays.stream(text.split("(?=\\s)")).filter(w -> !w.isEmpty()).mapToInt(String::hashCode).toArray();
        List<Diagnostic> ds = check("prompt,other_prompt,classes,answer_index\n"
                + "a,b,\"[' Yes', ' No', ' Maybe']\",0\n"
                + "a,c,\"[' Yes please', ' No']\",2\n"
                + "a,d,\"[' Yes', ' really Yes']\",1\n", words);
        assertFinds(ds, Severity.ERROR, 2, "classes", "exactly 2 classes");
        assertFinds(ds, Severity.ERROR, 3, "classes", "is 2 tokens");
        assertFinds(ds, Severity.ERROR, 3, "answer_index", "0 or 1");
        assertFinds(ds, Severity.ERROR, 4, "classes", "end in the same token");
    }

    @Test
    void tokenLengthAgainstTheContestTruncation() throws Exception {
        TokenCounter chars = text -> new int[text.length()];
        String longPrompt = "x".repeat(1010);
        String tooLong = "y".repeat(1030);
        List<Diagnostic> ds = check("prompt,classes,answer_index\n" + longPrompt + ",\"[' a', ' b']\",0\n" + tooLong + ",\"[' a', ' b']\",1\n", chars);
        assertFinds(ds, Severity.WARNING, 2, "prompt", "1012 tokens");
        assertFinds(ds, Severity.ERROR, 3, "prompt", "1032 tokens");
    }

    @Test
    void projectsAreRenderedAndCheckedWithRowIds() {
        TaskPart part = Fixtures.templatedPart(4, 1, ShotSelection.FIRST_N, 0);
        TaskPart broken = part.withRows(List.of(part.rows().get(0), Fixtures.row("bad", "question", "Q?", "answer", "7"),
                part.rows().get(2), part.rows().get(3)));
        TaskProject p = new TaskProject("evens", Fixtures.plainProject("x", 1).form(), List.of(broken), List.of());
        List<Diagnostic> ds = new Validator().check(p);
        Diagnostic bad = ds.stream().filter(d -> "bad".equals(d.rowId())).findFirst().orElseThrow();
        assertEquals("evens.csv:3:answer: error: the answer index 7 is outside the 2 classes (0 to 1)", bad.format());
        // row q1's first shot is the broken row: reported against the broken row
        assertTrue(ds.stream().anyMatch(d -> d.message().contains("shot row 2 cannot be rendered")), summary(ds));
        assertFinds(ds, Severity.WARNING, 0, "", "4 examples");
    }

    @Test
    void projectLayoutAndAnonymity() {
        TaskProject named = Fixtures.plainProject("turing-trap", 300);
        assertTrue(new Validator().check(named).stream().anyMatch(d -> d.severity() == Severity.ERROR
                && d.message().contains("author name 'Turing'")));
        TaskProject mixed = Fixtures.plainProject("trap", 300);
        mixed = mixed.withParts(List.of(mixed.parts().getFirst(), new TaskPart(PartKind.PART, 1, TaskType.CLASSIFICATION,
                mixed.parts().getFirst().columns(), mixed.parts().getFirst().rows(), null)));
        assertTrue(new Validator().check(mixed).stream().anyMatch(d -> d.message().contains("cannot sit beside -PART")));
        assertEquals(List.of(), new Validator().check(Fixtures.plainProject("trap", 300)).stream()
                .filter(d -> d.severity() == Severity.ERROR).toList());
    }
}
