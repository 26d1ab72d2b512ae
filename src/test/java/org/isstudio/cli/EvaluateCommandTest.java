package org.isstudio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isstudio.format.csv.PandasCsvWriter;
import org.isstudio.remote.hub.HubConfig;
import org.isstudio.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluateCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Cli(List.of(new EvaluateCommand(false, HubConfig.fromEnvironment())))
                .run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @Test
    void sequenceProbOnTwoGoldenModelsWritesTheContestsFilesWithTheirLosses() throws Exception {
        // the goldens' prompts and completions, and what transformers computed through the contest's code path
        JsonNode gpt2 = Golden.expected("gpt2-tiny");
        JsonNode opt = Golden.expected("opt-350m-tiny");
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode c : gpt2.get("completions")) rows.add(List.of(c.get("prompt").asText(), c.get("completion").asText()));
        Path task = dir.resolve("task.csv");
        Files.writeString(task, PandasCsvWriter.write(List.of("prompt", "completion"), rows));
        Path out = dir.resolve("results");

        int code = run("evaluate", task.toString(), "--task-type", "sequence_prob", "--models",
                Golden.modelDir("gpt2-tiny") + "," + Golden.modelDir("opt-350m-tiny"), "--out", out.toString(), "--no-cache");
        assertEquals(0, code, stderr.toString(StandardCharsets.UTF_8) + stdout.toString(StandardCharsets.UTF_8));

        for (var model : List.of(new Object[] {"gpt2-tiny", gpt2}, new Object[] {"opt-350m-tiny", opt})) {
            Path csv = out.resolve(Golden.modelDir((String) model[0]).getFileName() + ".csv");
            List<String> lines = Files.readAllLines(csv);
            assertEquals("index,loss", lines.getFirst());
            JsonNode completions = ((JsonNode) model[1]).get("completions");
            for (int i = 0; i < completions.size(); i++) {
                String[] cells = lines.get(i + 1).split(",");
                assertEquals(Integer.toString(i), cells[0]);
                double expected = -completions.get(i).get("isp_pipeline").get("completion_logprob").asDouble();
                assertEquals(expected, Double.parseDouble(cells[1]), 1e-3, model[0] + " row " + i);
            }
        }
        assertEquals(Files.readString(task), Files.readString(out.resolve("data.csv")));
        assertTrue(Files.size(out.resolve("loss_plot.png")) > 1000);
        assertTrue(Files.readString(out.resolve("loss_plot.svg")).contains("Log-log plot of loss vs model size"));
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals("sequence_prob", results.get("series").get(0).get("type").asText());
        assertEquals(2, results.get("series").get(0).get("models").size());
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("slope per 10x parameters"), printed);
        assertTrue(printed.contains("warning: 2 scored example(s) flagged tokenization mismatch"), printed);
    }

    @Test
    void classificationPrintsTheCoverageLinesInTheContestsWords() throws Exception {
        Path task = dir.resolve("syllogisms.csv");
        Files.writeString(task, """
                prompt,classes,answer_index
                "All cats are animals. Tom is a cat. Is Tom an animal? Answer:","[' Yes', ' No']",0
                "No fish can fly. Nemo is a fish. Can Nemo fly? Answer:","[' Yes', ' No']",1
                "Some birds swim. Is every bird a swimmer? Answer:","[' Yes', ' No', "" Can't tell""]",1
                """);
        int code = run("evaluate", task.toString(), "--models", Golden.modelDir("gpt2-tiny") + "," + Golden.modelDir("pythia-tiny"),
                "--out", dir.resolve("out").toString(), "--dataset-sizes", "2");
        assertEquals(0, code, stderr.toString(StandardCharsets.UTF_8));
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(printed.matches("(?s).*For the model '[^']*gpt2-tiny[^']*', the class labels got \\d+\\.\\d\\d% of the probability mass.*"), printed);
        assertTrue(printed.contains("baseline (equal probability): " + String.format(java.util.Locale.ROOT, "%.4f", (2 * Math.log(2) + Math.log(3)) / 3)), printed);
        List<String> csv = Files.readAllLines(dir.resolve("out").resolve(Golden.modelDir("pythia-tiny").getFileName() + ".csv"));
        assertEquals("index,loss,correct,predicted,total_logprob", csv.getFirst());
        assertEquals(4, csv.size());
        assertTrue(Files.readString(dir.resolve("out/loss_plot.svg")).contains("2 examples (with SEM)"));
    }

    @Test
    void rowsTheContestWouldCrashOnAreReportedWithFileRowAndColumnAndNothingIsScored() throws Exception {
        Path task = dir.resolve("bad.csv");
        Files.writeString(task, """
                prompt,classes,answer_index
                NA,"[' A', ' B']",0
                "Fine? Answer:",' A',0
                "Fine? Answer:","[' A', ' B']",2
                """);
        Path out = dir.resolve("o");
        int code = run("evaluate", task.toString(), "--models", Golden.modelDir("gpt2-tiny").toString(), "--out", out.toString());
        assertEquals(Cli.FAILED, code);
        String err = stderr.toString(StandardCharsets.UTF_8);
        for (String where : List.of("bad.csv:2:prompt: error:", "bad.csv:3:classes: error:", "bad.csv:4:answer_index: error:")) {
            assertTrue(err.contains(where), where + " in\n" + err);
        }
        assertTrue(Files.notExists(out));
        assertEquals(Cli.USAGE, run("evaluate"));
        assertEquals(Cli.USAGE, run("evaluate", task.toString(), "--shots", "1,2"));
    }
}
