package org.isstudio.eval;

import org.isstudio.model.Example;
import org.isstudio.model.FormAnswers;
import org.isstudio.model.PartKind;
import org.isstudio.model.PromptTemplate;
import org.isstudio.model.Row;
import org.isstudio.model.ShotSelection;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProjectItemsTest {

    private static Row contest(String id, String prompt, String classes, String answer) {
        return new Row(id, Map.of("prompt", prompt, "classes", classes, "answer_index", answer));
    }

    private static TaskProject project(List<Row> rows, PromptTemplate template, List<String> columns) {
        return new TaskProject("t", FormAnswers.empty(), List.of(new TaskPart(PartKind.CONTROL, 2, TaskType.CLASSIFICATION,
                columns, rows, template)), List.of());
    }

    @Test
    void contestRowsBecomeTypedExamplesKeyedByPartAndRowId() {
        var p = project(List.of(contest("a", "Q:", "[' yes', \" it's\"]", " 1 ")), null, TaskType.CLASSIFICATION.requiredColumns());
        TaskRun.Series s = ProjectItems.series(p).getFirst();
        assertEquals("t-CONTROL2", s.name());
        assertEquals(new EvalItem.Key("t-CONTROL2", "a"), s.items().getFirst().key());
        assertEquals(new Example.Classification("Q:", List.of(" yes", " it's"), 1), s.items().getFirst().example());
    }

    @Test
    void aHalfTypedRowIsLeftOutLivelyButRefusedStrictly() {
        var p = project(List.of(contest("a", "Q:", "[' yes', ' no']", "0"), contest("b", "Q2:", "[' yes', ' no'", "0"),
                contest("c", "Q3:", "[' yes', ' no']", "2")), null, TaskType.CLASSIFICATION.requiredColumns());
        ProjectItems.Conversion c = ProjectItems.lenient(p);
        assertEquals(List.of("a"), c.series().getFirst().items().stream().map(i -> i.key().row()).toList());
        assertEquals(List.of("b", "c"), c.problems().stream().map(ProjectItems.Problem::rowId).toList());
        assertEquals("answer_index 2 is outside the 2 classes", c.problems().get(1).message());
        assertThrows(IllegalArgumentException.class, () -> ProjectItems.series(p));
    }

    @Test
    void templatedPartsRenderWithTheirShotsAndAsFewShotVariants() {
        List<Row> rows = List.of(new Row("q1", Map.of("question", "Is 1 even?", "answer", "1")),
                new Row("q2", Map.of("question", "Is 2 even?", "answer", "0")));
        PromptTemplate t = new PromptTemplate("", "Q: {question}\nA:", List.of(" yes", " no"), "{answer}", "", 0,
                ShotSelection.FIRST_N, List.of(), 1, PromptTemplate.CONTEST_SEPARATOR);
        var p = project(rows, t, List.of("question", "answer"));
        assertEquals("Q: Is 2 even?\nA:", ProjectItems.series(p).getFirst().items().get(1).example().prompt());
        TaskRun.Series oneShot = ProjectItems.withShots(p, 1).getFirst();
        assertEquals("t-CONTROL2 k=1", oneShot.name());
        assertEquals("Q: Is 1 even?\nA: no\n\n\nQ: Is 2 even?\nA:", oneShot.items().get(1).example().prompt());
        assertEquals(ProjectItems.series(p).getFirst().items(), ProjectItems.lenient(p).series().getFirst().items());
    }
}
