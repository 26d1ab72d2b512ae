package org.isstudio.format.template;

import org.isstudio.format.Fixtures;
import org.isstudio.model.Example;
import org.isstudio.model.ShotSelection;
import org.isstudio.model.TaskType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExamplesTest {

    @Test
    void rowsBecomeTypedExamples() {
        assertEquals(new Example.Classification("Q: x", List.of(" a", " it's"), 1),
                Examples.of(TaskType.CLASSIFICATION, Fixtures.row("r", "prompt", "Q: x", "classes", "(' a', \" it's\",)", "answer_index", " 1")));
        assertEquals(new Example.Logodds("p", "o", List.of(" Y", " N"), 0),
                Examples.of(TaskType.LOGODDS, Fixtures.row("r", "prompt", "p", "other_prompt", "o", "classes", "[' Y', ' N']", "answer_index", "0")));
        assertEquals(new Example.SequenceProb("p", " c"), Examples.of(TaskType.SEQUENCE_PROB, Fixtures.row("r", "prompt", "p", "completion", " c")));
        List<Example> part = Examples.of(Fixtures.templatedPart(3, 1, ShotSelection.FIRST_N, 0));
        assertEquals(new Example.Classification("Answer yes or no.\n\nQ: Is 2 even?\nA: yes\n\n\nQ: Is 1 even?\nA:", List.of(" yes", " no"), 1),
                part.getFirst());
        TemplateException e = assertThrows(TemplateException.class,
                () -> Examples.of(TaskType.CLASSIFICATION, Fixtures.row("r9", "prompt", "p", "classes", "[' a', ' b']", "answer_index", "1.0")));
        assertEquals("answer_index", e.field());
        assertEquals("r9", e.rowId());
        // 2^32 would wrap to index 0 if read as an int; pandas reads it as 4294967296, which no class has
        TemplateException huge = assertThrows(TemplateException.class,
                () -> Examples.of(TaskType.CLASSIFICATION, Fixtures.row("r8", "prompt", "p", "classes", "[' a', ' b']", "answer_index", "4294967296")));
        assertEquals("answer_index 4294967296 is outside the 2 classes", huge.getMessage());
    }
}
