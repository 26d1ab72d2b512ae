package org.isstudio.format.template;

import org.isstudio.format.Fixtures;
import org.isstudio.model.Columns;
import org.isstudio.model.PromptTemplate;
import org.isstudio.model.Row;
import org.isstudio.model.ShotSelection;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateRendererTest {

    @Test
    void zeroShotIsInstructionPlusPrompt() {
        Row r = TemplateRenderer.render(Fixtures.templatedPart(4, 0, ShotSelection.FIRST_N, 0), "q2");
        assertEquals("Answer yes or no.\n\nQ: Is 2 even?\nA:", r.get(Columns.PROMPT));
        assertEquals("[' yes', ' no']", r.get(Columns.CLASSES));
        assertEquals("0", r.get(Columns.ANSWER_INDEX));
        assertEquals("q2", r.id());
    }

    @Test
    void firstNShotsShowTheCorrectAnswerAndSkipTheRowItself() {
        TaskPart part = Fixtures.templatedPart(4, 2, ShotSelection.FIRST_N, 0);
        assertEquals("Answer yes or no.\n\nQ: Is 2 even?\nA: yes\n\n\nQ: Is 3 even?\nA: no\n\n\nQ: Is 1 even?\nA:",
                TemplateRenderer.render(part, "q1").get(Columns.PROMPT));
        assertEquals("Answer yes or no.\n\nQ: Is 1 even?\nA: no\n\n\nQ: Is 2 even?\nA: yes\n\n\nQ: Is 4 even?\nA:",
                TemplateRenderer.render(part, "q4").get(Columns.PROMPT));
    }

    @Test
    void randomShotsAreDeterministicPerSeedAndNeverTheRowItself() {
        TaskPart a = Fixtures.templatedPart(30, 5, ShotSelection.RANDOM, 7);
        List<Row> first = TemplateRenderer.render(a);
        assertEquals(first, TemplateRenderer.render(a));
        assertNotEquals(first, TemplateRenderer.render(a.withTemplate(a.template().withShots(5)).withTemplate(
                new PromptTemplate(a.template().instruction(), a.template().promptPattern(), a.template().classPatterns(),
                        a.template().answerPattern(), "", 5, ShotSelection.RANDOM, List.of(), 8, PromptTemplate.CONTEST_SEPARATOR))));
        for (int i = 0; i < first.size(); i++) {
            String prompt = first.get(i).get(Columns.PROMPT);
            String own = "Q: Is " + (i + 1) + " even?\nA:";
            assertTrue(prompt.endsWith(own));
            assertEquals(1, prompt.split(java.util.regex.Pattern.quote(own + " "), -1).length, "row " + i + " used as its own shot");
            assertEquals(6, prompt.split("Q: ", -1).length - 1);
        }
    }

    @Test
    void balancedShotsShowEachAnswerEquallyOften() {
        TaskPart part = Fixtures.templatedPart(40, 4, ShotSelection.BALANCED, 3);
        for (Row r : TemplateRenderer.render(part)) {
            String shots = r.get(Columns.PROMPT);
            int yes = shots.split("A: yes", -1).length - 1;
            int no = shots.split("A: no", -1).length - 1;
            assertEquals(2, yes, shots);
            assertEquals(2, no, shots);
        }
    }

    @Test
    void fixedShotsAndErrorsNameRowAndField() {
        TaskPart base = Fixtures.templatedPart(5, 2, ShotSelection.FIXED, 0);
        PromptTemplate t = base.template();
        TaskPart fixed = base.withTemplate(new PromptTemplate("", t.promptPattern(), t.classPatterns(), t.answerPattern(), "", 2,
                ShotSelection.FIXED, List.of("q5", "q4", "q3"), 0, "\n"));
        assertEquals("Q: Is 5 even?\nA: no\nQ: Is 3 even?\nA: no\nQ: Is 4 even?\nA:", TemplateRenderer.render(fixed, "q4").get(Columns.PROMPT));
        assertEquals("Q: Is 5 even?\nA: no\nQ: Is 4 even?\nA: yes\nQ: Is 1 even?\nA:", TemplateRenderer.render(fixed, "q1").get(Columns.PROMPT));

        TaskPart bad = base.withRows(List.of(Fixtures.row("a", "question", "x", "answer", "2"), Fixtures.row("b", "question", "y")));
        TemplateException e = assertThrows(TemplateException.class, () -> TemplateRenderer.render(bad.withTemplate(t.withShots(0)), "a"));
        assertEquals("answer", e.field());
        assertEquals("a", e.rowId());
        assertTrue(e.getMessage().contains("outside the 2 classes"), e.getMessage());
        TemplateException missing = assertThrows(TemplateException.class, () -> TemplateRenderer.render(bad.withTemplate(t.withShots(0)), "b"));
        assertEquals("answer", missing.field());
        TemplateException tooMany = assertThrows(TemplateException.class,
                () -> TemplateRenderer.render(Fixtures.templatedPart(3, 3, ShotSelection.FIRST_N, 0), "q1"));
        assertTrue(tooMany.getMessage().contains("only 2 other rows"), tooMany.getMessage());
    }

    @Test
    void classesFromAListFieldAndOtherTypes() {
        PromptTemplate t = new PromptTemplate("", "{p}", List.of("{cls}"), "{a}", "{o}", 0, ShotSelection.FIRST_N, List.of(), 0, "\n\n\n");
        TaskPart logodds = new TaskPart(org.isstudio.model.PartKind.PART, 1, TaskType.LOGODDS, List.of("p", "o", "cls", "a"),
                List.of(Fixtures.row("x", "p", "Is it? {yes}", "o", "Surely it is?", "cls", "(' Yes', \" No\")", "a", "1")), t);
        Row r = TemplateRenderer.render(logodds, "x");
        assertEquals("Is it? {yes}", r.get(Columns.PROMPT), "field values are not patterns");
        assertEquals("Surely it is?", r.get(Columns.OTHER_PROMPT));
        assertEquals("[' Yes', ' No']", r.get(Columns.CLASSES));
        PromptTemplate seq = new PromptTemplate("", "Say {{{w}}}:", List.of(), "{c}", "", 0, ShotSelection.FIRST_N, List.of(), 0, "\n");
        TaskPart sp = new TaskPart(org.isstudio.model.PartKind.MAIN, 1, TaskType.SEQUENCE_PROB, List.of("w", "c"),
                List.of(Fixtures.row("s", "w", "hi", "c", " hello")), seq);
        Row s = TemplateRenderer.render(sp, "s");
        assertEquals("Say {hi}:", s.get(Columns.PROMPT));
        assertEquals(" hello", s.get(Columns.COMPLETION));
        assertFalse(s.has(Columns.CLASSES));
    }
}
