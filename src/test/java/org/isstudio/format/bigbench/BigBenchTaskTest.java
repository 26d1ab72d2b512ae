package org.isstudio.format.bigbench;

import org.isstudio.format.TaskFileException;
import org.isstudio.model.Row;
import org.isstudio.model.TaskProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BigBenchTaskTest {

    @TempDir
    Path dir;

    @Test
    void importsMultipleChoiceExamples() throws Exception {
        Path f = dir.resolve("task.json");
        Files.writeString(f, """
                {"name": "odd words", "description": "Pick the odd one.",
                 "examples": [
                   {"input": "cat, dog, car", "target_scores": {"cat": 0, "dog": 0, "car": 1}},
                   {"input": "Say hi", "target": "hi"}
                 ]}
                """);
        TaskProject p = BigBenchTask.read(f);
        assertEquals("odd-words", p.name());
        assertEquals(1, p.parts().getFirst().rows().size());
        Row r = p.parts().getFirst().rows().getFirst();
        assertEquals("Q: cat, dog, car\nA:", r.get("prompt"));
        assertEquals("[' cat', ' dog', ' car']", r.get("classes"));
        assertEquals("2", r.get("answer_index"));
        assertTrue(p.form().description().contains("1 examples without target_scores were not imported"));
        Files.writeString(f, "{\"examples\": [{\"input\": \"x\", \"target\": \"y\"}]}");
        assertTrue(assertThrows(TaskFileException.class, () -> BigBenchTask.read(f)).getMessage().contains("only multiple-choice"));
    }
}
