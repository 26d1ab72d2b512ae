package org.isstudio.cli;

import org.isstudio.format.json.ProjectFile;
import org.isstudio.model.TaskProject;
import org.isstudio.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** validate, convert and export as a user runs them. */
class FormatCommandsTest {

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.standard().run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final String TRICKY = "\uFEFF,prompt,classes,answer_index\r\n"
            + "0,\"Q: \"\"quoted\"\", comma,\r\nnew line?\nA:\",\"[' Yes', \"\" don't\"\"]\",0\r\n"
            + "1,Q: plain?,\"('''tri\nple''', ' \\x41\\N{EM DASH}\\-',)\",1\r\n"
            + "\r\n"
            + "2,\" lead and trail \",\"[' a', ' b']\",1\r\n";

    @Test
    void validateExitCodesAndLines() throws Exception {
        Path good = dir.resolve("good.csv");
        Files.writeString(good, TRICKY);
        Result ok = run("validate", good.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains(good + ":5:classes: warning: class 0 'tri\\nple' does not start with a space"), ok.out());
        assertTrue(ok.out().contains(good + ":0:: warning: 3 examples"), ok.out());
        assertTrue(ok.err().contains("0 error(s)"), ok.err());

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "prompt,classes,answer_index\nNA,\"[' a', ' b']\",2\n");
        Result failed = run("validate", bad.toString());
        assertEquals(1, failed.code());
        assertTrue(failed.out().contains(bad + ":2:prompt: error: prompt is 'NA'"), failed.out());
        assertTrue(failed.out().contains(bad + ":2:answer_index: error: answer_index 2 is outside 0..1"), failed.out());

        Path broken = dir.resolve("broken.csv");
        Files.writeString(broken, "prompt,classes,answer_index\n\"never closed,x,1\n");
        Result tokenizing = run("validate", broken.toString());
        assertEquals(1, tokenizing.code());
        assertTrue(tokenizing.out().startsWith(broken + ":2:: error: a quoted field opened here is never closed"), tokenizing.out());

        assertEquals(2, run("validate").code());
        assertEquals(2, run("validate", dir.resolve("missing.csv").toString()).code());
        assertEquals(2, run("validate", "--type", "regression", good.toString()).code());
    }

    @Test
    void validateWithARealTokenizer() throws Exception {
        Path f = dir.resolve("lo.csv");
        Files.writeString(f, "prompt,other_prompt,classes,answer_index\n"
                + "Is it?,Surely it is?,\"[' Yes', ' No']\",0\n"
                + "Is it?,Surely not?,\"[' Yes please', ' No']\",1\n"
                + "Q:" + " hello".repeat(1100) + ",Q:,\"[' Yes', ' No']\",0\n");
        for (String flavour : new String[]{"gpt2", "opt"}) {
            Path tokenizer = org.isstudio.testing.Golden.tokenizerDir(flavour);
            Result r = run("validate", "--tokenizer", tokenizer.toString(), f.toString());
            assertEquals(1, r.code(), flavour + ": " + r.out() + r.err());
            assertTrue(r.out().contains(f + ":3:classes: error: logodds class 0 ' Yes please' is 2 tokens"), flavour + ": " + r.out());
            assertTrue(r.out().contains(f + ":4:prompt: error: prompt and continuation are 11"), flavour + ": " + r.out());
            assertTrue(!r.out().contains(f + ":2:"), flavour + " flags the single-token row: " + r.out());
        }
    }

    @Test
    void csvToCsvKeepsWhatPandasReads() throws Exception {
        Python.assumeModules("pandas");
        Path in = dir.resolve("in.csv");
        Files.writeString(in, TRICKY);
        Path out = dir.resolve("out.csv");
        Result r = run("convert", in.toString(), out.toString());
        assertEquals(0, r.code(), r.err());
        String compare = """
                import ast, json, sys
                import pandas as pd
                paths = sys.stdin.read().split("\\n")
                a, b = pd.read_csv(paths[0]), pd.read_csv(paths[1])
                def table(df):
                    return [[r["prompt"], list(ast.literal_eval(str(r["classes"]))), int(r["answer_index"])] for _, r in df.iterrows()]
                print(json.dumps([table(a) == table(b), str(b.dtypes["answer_index"]), list(b.columns)]))
                """;
        String result = Python.run(compare, in + "\n" + out).strip();
        assertEquals("[true, \"int64\", [\"prompt\", \"classes\", \"answer_index\"]]", result,
                "the index column written by to_csv is dropped, everything else pandas reads is the same");
    }

    @Test
    void convertToProjectAndBackAndExport() throws Exception {
        Path in = dir.resolve("tricky-PART2.csv");
        Files.writeString(in, TRICKY);
        Path project = dir.resolve("tricky.isproj");
        assertEquals(0, run("convert", in.toString(), project.toString()).code());
        TaskProject p = ProjectFile.read(project);
        assertEquals("tricky", p.name());
        assertEquals(2, p.parts().getFirst().number());
        assertEquals("Q: \"quoted\", comma,\r\nnew line?\nA:", p.parts().getFirst().rows().getFirst().get("prompt"));

        Path zip = dir.resolve("tricky.zip");
        Result small = run("export", project.toString(), "--out", zip.toString(), "--form");
        assertEquals(0, small.code(), small.err());
        assertTrue(small.out().contains("tricky-PART2.csv, tricky-form.txt"), small.out());
        byte[] first = Files.readAllBytes(zip);
        assertEquals(0, run("export", project.toString(), "--out", zip.toString(), "--form").code());
        assertArrayEquals(first, Files.readAllBytes(zip));
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertEquals(2, z.size());
        }
        Result toFolder = run("export", project.toString(), "--out", dir.resolve("submission") + "/", "--form");
        assertEquals(0, toFolder.code(), toFolder.err());
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("submission/tricky.zip")));

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "prompt,classes,answer_index\nNA,\"[' a', ' b']\",0\n");
        Result refused = run("export", bad.toString(), "--out", dir.resolve("bad.zip").toString());
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("nothing written"), refused.err());
        assertTrue(Files.notExists(dir.resolve("bad.zip")));

        Path yaml = dir.resolve("lm/tricky.yaml");
        Files.createDirectories(yaml.getParent());
        assertEquals(0, run("convert", project.toString(), yaml.toString()).code());
        assertTrue(Files.exists(dir.resolve("lm/tricky-PART2.jsonl")));
    }
}
