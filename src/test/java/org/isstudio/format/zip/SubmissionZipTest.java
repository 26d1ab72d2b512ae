package org.isstudio.format.zip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isstudio.format.Fixtures;
import org.isstudio.model.PartKind;
import org.isstudio.model.ShotSelection;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubmissionZipTest {

    @TempDir
    Path dir;

    private static TaskProject multiPart() {
        TaskProject p = Fixtures.plainProject("sig-trap", 4);
        TaskPart plain = p.parts().getFirst();
        TaskPart templated = Fixtures.templatedPart(6, 2, ShotSelection.RANDOM, 5);
        return p.withParts(List.of(
                new TaskPart(PartKind.CONTROL, 1, plain.taskType(), plain.columns(), plain.rows(), null),
                new TaskPart(PartKind.PART, 2, templated.taskType(), templated.columns(), templated.rows(), templated.template()),
                new TaskPart(PartKind.PART, 1, plain.taskType(), plain.columns(), plain.rows(), null)));
    }

    @Test
    void sameProjectSameBytes() throws Exception {
        SubmissionZip.Options options = new SubmissionZip.Options(true, new byte[]{(byte) 0x89, 'P', 'N', 'G'}, "png");
        byte[] a = SubmissionZip.bytes(multiPart(), options);
        // a different time zone or a later run changes nothing
        java.util.TimeZone saved = java.util.TimeZone.getDefault();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Pacific/Kiritimati"));
            Thread.sleep(1100);
            assertArrayEquals(a, SubmissionZip.bytes(multiPart(), options));
        } finally {
            java.util.TimeZone.setDefault(saved);
        }
        Path zip = dir.resolve("sig-trap.zip");
        SubmissionZip.write(multiPart(), options, zip);
        assertArrayEquals(a, Files.readAllBytes(zip));
    }

    @Test
    void layoutNamesAndAnonymity() throws Exception {
        byte[] zip = SubmissionZip.bytes(multiPart(), new SubmissionZip.Options(true, null, "png"));
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
                assertEquals(SubmissionZip.ENTRY_TIME, e.getTimeLocal());
                assertNull(e.getExtra(), "no extra fields (they carry owners and precise times)");
                assertNull(e.getComment());
                String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertFalse(content.contains("Lovelace") || content.contains("Turing"), e.getName() + " names an author");
                assertFalse(content.contains(System.getProperty("user.home")), e.getName() + " holds a user path");
            }
        }
        assertEquals(List.of("sig-trap-PART1.csv", "sig-trap-PART2.csv", "sig-trap-CONTROL1.csv", "sig-trap-form.txt"), names);
        String raw = new String(zip, StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains(System.getProperty("user.name") + "/"), "no user path in the zip");

        TaskProject single = Fixtures.plainProject("sig-trap", 2);
        assertEquals(List.of("sig-trap.csv"), SubmissionZip.entries(single, SubmissionZip.Options.CSV_ONLY).stream()
                .map(SubmissionZip.Entry::name).toList());
        TaskProject bad = Fixtures.plainProject("../lovelace", 2);
        assertThrows(IllegalArgumentException.class, () -> SubmissionZip.bytes(bad, SubmissionZip.Options.CSV_ONLY));
        assertTrue(SubmissionZip.problems(bad).size() >= 2);
    }

    @Test
    void formTextLeavesOutTheAuthors() {
        String text = SubmissionZip.formText(Fixtures.plainProject("trap", 1));
        assertTrue(text.startsWith("Task name: trap\nEvaluation metric: classification\nZero-shot or few-shot: zero-shot\n"), text);
        assertTrue(text.contains("Why do you expect to see inverse scaling?\nBigger models.\n"), text);
        assertFalse(text.contains("Lovelace"));
    }

    @Test
    void pandasReadsEachCsvAsTheRenderedRows() throws Exception {
        Python.assumeModules("pandas");
        TaskProject p = multiPart();
        List<SubmissionZip.Entry> entries = SubmissionZip.entries(p, SubmissionZip.Options.CSV_ONLY);
        ObjectMapper json = new ObjectMapper();
        StringBuilder in = new StringBuilder();
        for (SubmissionZip.Entry e : entries) in.append(json.writeValueAsString(new String(e.content(), StandardCharsets.UTF_8))).append('\n');
        String script = """
                import io, json, sys, ast
                import pandas as pd
                for line in sys.stdin:
                    df = pd.read_csv(io.StringIO(json.loads(line)))
                    print(json.dumps([[r["prompt"], ast.literal_eval(str(r["classes"])), int(r["answer_index"]), str(df.dtypes["answer_index"])]
                                      for _, r in df.iterrows()]))
                """;
        String[] out = Python.run(script, in.toString()).split("\n");
        List<TaskPart> ordered = SubmissionLayout.ordered(p);
        for (int i = 0; i < entries.size(); i++) {
            JsonNode rows = json.readTree(out[i]);
            List<org.isstudio.model.Row> expected = org.isstudio.format.template.TemplateRenderer.render(ordered.get(i));
            assertEquals(expected.size(), rows.size());
            for (int r = 0; r < rows.size(); r++) {
                assertEquals(expected.get(r).get("prompt"), rows.get(r).get(0).asText(), entries.get(i).name() + " row " + r);
                assertEquals(org.isstudio.format.pyliteral.PyLiteral.parseStringList(expected.get(r).get("classes")),
                        json.convertValue(rows.get(r).get(1), List.class));
                assertEquals(Integer.parseInt(expected.get(r).get("answer_index")), rows.get(r).get(2).asInt());
                assertEquals("int64", rows.get(r).get(3).asText());
            }
        }
    }
}
