package org.isstudio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isstudio.format.TaskFiles;
import org.isstudio.format.csv.PandasCsvWriter;
import org.isstudio.model.FormAnswers;
import org.isstudio.model.PartKind;
import org.isstudio.model.PromptTemplate;
import org.isstudio.model.Row;
import org.isstudio.model.ShotSelection;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;
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
import java.util.Map;

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

    @Test
    void aProjectGetsAFolderPerPartACombinedPlotAndAFewShotSweep() throws Exception {
        List<Row> questions = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            questions.add(new Row("q" + i, Map.of("question", "Is " + i + " even?", "answer", Integer.toString(i % 2 == 0 ? 0 : 1))));
        }
        PromptTemplate template = new PromptTemplate("Answer yes or no.\n\n", "Q: {question}\nA:", List.of(" yes", " no"),
                "{answer}", "", 0, ShotSelection.FIRST_N, List.of(), 7, PromptTemplate.CONTEST_SEPARATOR);
        TaskPart part = new TaskPart(PartKind.PART, 1, TaskType.CLASSIFICATION, List.of("question", "answer"), questions, template);
        List<Row> control = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            control.add(new Row("c" + i, Map.of("prompt", "Is the sky blue? Case " + i + ". Answer:", "classes", "[' yes', ' no']",
                    "answer_index", "0")));
        }
        TaskPart controlPart = new TaskPart(PartKind.CONTROL, 1, TaskType.CLASSIFICATION, TaskType.CLASSIFICATION.requiredColumns(),
                control, null);
        Path file = dir.resolve("parity.isproj");
        TaskFiles.write(new TaskProject("parity", FormAnswers.empty(), List.of(part, controlPart), List.of()), file);
        Path out = dir.resolve("out");

        int code = run("evaluate", file.toString(), "--models", Golden.modelDir("gpt2-tiny") + "," + Golden.modelDir("pythia-tiny"),
                "--out", out.toString(), "--shots", "1,2", "--bootstrap", "200");
        assertEquals(Cli.OK, code, stderr.toString(StandardCharsets.UTF_8));
        String gpt2Csv = Golden.modelDir("gpt2-tiny").getFileName() + ".csv";
        for (String series : List.of("parity-PART1", "parity-CONTROL1", "parity-PART1_k=1", "parity-PART1_k=2")) {
            assertTrue(Files.isRegularFile(out.resolve(series).resolve(gpt2Csv)), series);
            assertTrue(Files.isRegularFile(out.resolve(series).resolve("loss_plot.svg")), series);
        }
        assertEquals(6, Files.readAllLines(out.resolve("parity-PART1").resolve(gpt2Csv)).size());
        String combined = Files.readString(out.resolve("loss_plot.svg"));
        assertTrue(combined.contains("parity-PART1: 5 examples (with SEM)") && combined.contains("parity-CONTROL1: 3 examples (with SEM)"));
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(4, results.get("series").size());
        assertEquals(List.of(1, 2), List.of(results.get("fewShot").get(0).get("steps").get(0).get("shots").asInt(),
                results.get("fewShot").get(0).get("steps").get(1).get("shots").asInt()));
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("== parity-PART1 k=2 (classification)"), printed);
        assertTrue(printed.contains("few-shot: "), printed);
        assertTrue(Files.isRegularFile(out.resolve("project.isproj")));
    }
}
