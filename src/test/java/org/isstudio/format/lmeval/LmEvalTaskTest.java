package org.isstudio.format.lmeval;

import org.isstudio.format.Fixtures;
import org.isstudio.format.TaskFileException;
import org.isstudio.format.TaskFiles;
import org.isstudio.model.TaskProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LmEvalTaskTest {

    @TempDir
    Path dir;

    @Test
    void importsCommonDocumentShapes() throws Exception {
        Path f = dir.resolve("arc.jsonl");
        Files.writeString(f, """
                {"query":"Question: 2+2?\\nAnswer:","choices":["4","5"],"gold":0}
                {"question":"Sky?","choices":{"text":["green","blue"],"label":["A","B"]},"answerKey":"B"}
                {"ctx":"A man","endings":[" runs"," flies"],"label":"1"}
                """);
        TaskProject p = TaskFiles.read(f);
        var rows = p.parts().getFirst().rows();
        assertEquals("Question: 2+2?\nAnswer:", rows.get(0).get("prompt"));
        assertEquals("[' 4', ' 5']", rows.get(0).get("classes"));
        assertEquals("1", rows.get(1).get("answer_index"));
        assertEquals("[' runs', ' flies']", rows.get(2).get("classes"));
        Files.writeString(f, "{\"query\":\"x\",\"choices\":[\"a\"],\"gold\":3}\n");
        assertTrue(assertThrows(TaskFileException.class, () -> TaskFiles.read(f)).getMessage().startsWith("arc.jsonl:1:gold"));
    }

    @Test
    void exportsAConfigThatKeepsTheContestScoring() throws Exception {
        TaskProject p = Fixtures.plainProject("trap", 2);
        LmEvalTask.Export e = LmEvalTask.export(p, p.parts().getFirst());
        assertEquals("trap.yaml", e.yamlName());
        assertTrue(e.yaml().contains("task: trap\n"));
        assertTrue(e.yaml().contains("output_type: multiple_choice\n"));
        assertTrue(e.yaml().contains("target_delimiter: \"\"\n"));
        assertTrue(e.yaml().contains("    test: \"trap.jsonl\"\n"));
        assertEquals("{\"prompt\":\"Q: \\\"it's\\\", row 0\\r\\nA:\",\"classes\":[\" yes\",\" it's\"],\"answer_index\":0}",
                e.jsonl().lines().findFirst().orElseThrow());
        assertEquals(List.of("trap.yaml", "trap.jsonl"), LmEvalTask.write(p, dir));
        assertTrue(Files.exists(dir.resolve("trap.jsonl")));
    }
}
