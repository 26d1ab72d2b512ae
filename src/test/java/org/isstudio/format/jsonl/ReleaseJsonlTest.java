package org.isstudio.format.jsonl;

import org.isstudio.format.Fixtures;
import org.isstudio.format.TaskFiles;
import org.isstudio.format.validate.Validator;
import org.isstudio.model.Diagnostic;
import org.isstudio.model.PartKind;
import org.isstudio.model.Severity;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReleaseJsonlTest {

    @TempDir
    Path dir;

    @Test
    void readsTheReleaseFormatIntoParts() throws Exception {
        Path f = dir.resolve("memo-trap_classification.jsonl");
        Files.writeString(f, """
                {"prompt":"Write a quote that ends in the word \\"early\\": Better late than","classes":"[' early.', ' never.']","answer_index":0,"round":2,"part":1}
                {"prompt":"p2","classes":"[\\" it's\\", ' no']","answer_index":1,"round":2,"part":3}

                {"prompt":"p3","classes":[" a", " b"],"answer_index":1,"round":2,"part":3}
                """);
        TaskProject p = TaskFiles.read(f);
        assertEquals("memo-trap", p.name());
        assertEquals(2, p.parts().size());
        assertEquals(PartKind.PART, p.parts().get(1).kind());
        assertEquals(3, p.parts().get(1).number());
        assertEquals(TaskType.CLASSIFICATION, p.parts().getFirst().taskType());
        assertEquals("[' a', ' b']", p.parts().get(1).rows().get(1).get("classes"), "a JSON list reads as Python's str() of it");
        assertEquals("2", p.parts().getFirst().rows().getFirst().get("round"));
    }

    @Test
    void writesTheReleaseFormat() {
        TaskProject p = Fixtures.plainProject("trap", 1);
        assertEquals("{\"prompt\":\"Q: \\\"it's\\\", row 0\\r\\nA:\",\"classes\":\"[' yes', \\\" it's\\\"]\",\"answer_index\":0,\"round\":2,\"part\":1}\n",
                ReleaseJsonl.write(p, 2));
    }

    @Test
    void roundTripsThroughAFile() throws Exception {
        TaskProject p = Fixtures.plainProject("trap", 5);
        Path f = dir.resolve("trap_classification.jsonl");
        TaskFiles.write(p, f);
        TaskProject back = TaskFiles.read(f);
        assertEquals("trap", back.name());
        var original = p.parts().getFirst().rows();
        var read = back.parts().getFirst().rows();
        assertEquals(original.size(), read.size());
        for (int i = 0; i < read.size(); i++) {
            for (String col : List.of("prompt", "classes", "answer_index")) assertEquals(original.get(i).get(col), read.get(i).get(col));
            assertEquals("2", read.get(i).get("round"));
        }
        TaskFiles.write(back, f);
        assertEquals(ReleaseJsonl.write(p, 2), Files.readString(f), "a second trip changes nothing");
    }

    @Test
    void typeProblemsAndBadLinesAreLocated() throws Exception {
        ReleaseJsonl.Read r = ReleaseJsonl.read("t.jsonl", "{\"prompt\":5,\"classes\":\"[' a', ' b']\",\"answer_index\":\"1\"}\n"
                + "{\"prompt\":\"x\",\"classes\":\"[' a', ' b']\",\"answer_index\":1.0}\n");
        assertEquals(List.of("t.jsonl:1:prompt: error: prompt is a JSON number, not a string; the contest code needs text",
                        "t.jsonl:1:answer_index: error: answer_index is the string \"1\"; it must be a JSON integer such as 1"),
                r.problems().stream().map(Diagnostic::format).toList());
        List<Diagnostic> v = new Validator().check(r.table());
        assertTrue(v.stream().anyMatch(d -> d.severity() == Severity.ERROR && d.row() == 2 && d.message().contains("'1.0' is a float")), v.toString());
        JsonlFormatException e = assertThrows(JsonlFormatException.class, () -> ReleaseJsonl.read("t.jsonl", "{\"prompt\":\"x\"}\n{\"prompt\": }\n"));
        assertTrue(e.getMessage().startsWith("t.jsonl:2:"), e.getMessage());
    }
}
