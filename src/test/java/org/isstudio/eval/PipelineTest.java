package org.isstudio.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isstudio.eval.report.ContestFiles;
import org.isstudio.eval.report.ContestPlotRenderer;
import org.isstudio.eval.report.ReportPlots;
import org.isstudio.eval.report.ScalingPlot;
import org.isstudio.eval.stats.PairedBootstrap;
import org.isstudio.eval.stats.ScalingAnalysis;
import org.isstudio.model.Example;
import org.isstudio.model.TaskType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fake backend with known log-probabilities through scheduler, report, files and plot. */
class PipelineTest {

    @TempDir
    Path out;

    private final WordTokenizer tokenizer = new WordTokenizer(false);
    private final List<EvaluationScheduler> schedulers = new ArrayList<>();

    @AfterEach
    void close() {
        schedulers.forEach(EvaluationScheduler::close);
    }

    private EvalModel model(String name, long params, double strength) {
        return new EvalModel(name, name, "fake", params, (p, c) -> new FakeBackend(name, strength, tokenizer));
    }

    private final List<EvalModel> models = List.of(model("fake-s", 10_000_000, 0.5), model("fake-m", 100_000_000, 1.0),
            model("fake-l", 1_000_000_000, 2.0));

    /** s_j under strength 1, computed independently of ContestScorer: the classes are one token each here. */
    private double classLogprob(String prompt, String cls) {
        int[] ids = tokenizer.encode(prompt + cls);
        return FakeBackend.logprob(1.0, ids[ids.length - 2], ids[ids.length - 1]);
    }

    /** Rows whose answer is the class the fake models disfavour (wrong = true) or favour: stronger models do worse / better. */
    private List<EvalItem> items(String series, int n, boolean wrong, String promptPrefix) {
        List<EvalItem> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String prompt = promptPrefix + "Item " + i + " a, b or c? Answer:";
            List<String> classes = List.of(" alpha", " beta," + i);
            double s0 = classLogprob(prompt, classes.get(0));
            double s1 = classLogprob(prompt, " beta");
            int favoured = s0 >= s1 ? 0 : 1;
            if (s0 == s1) continue;
            items.add(new EvalItem(new EvalItem.Key(series, Integer.toString(i)),
                    new Example.Classification(prompt, classes, wrong ? 1 - favoured : favoured)));
        }
        return items;
    }

    private EvaluationScheduler run(List<EvalItem> items) throws InterruptedException {
        EvaluationScheduler s = new EvaluationScheduler(null, (m, r) -> { });
        schedulers.add(s);
        s.submit(models, items);
        assertTrue(s.awaitIdle(30_000));
        return s;
    }

    @Test
    void inverseScalingEndToEnd() throws Exception {
        List<EvalItem> items = items("main", 40, true, "");
        EvaluationScheduler s = run(items);
        SeriesReport report = SeriesReport.build("main", TaskType.CLASSIFICATION, false, models, items, s::results,
                PairedBootstrap.DEFAULT, List.of(10));

        assertEquals(ScalingAnalysis.Verdict.INVERSE, report.trend().verdict());
        assertTrue(report.trend().strictlyMonotonic());
        assertEquals(Math.log(2), report.baseline(), 1e-12);
        for (SeriesReport.ModelReport m : report.models()) assertEquals(0.0, m.accuracy(), "always the wrong class");

        // the first row's loss for the middle model, from the formulas: -log_softmax(s)[a] with s scaled by 1.0
        var e = (Example.Classification) items.getFirst().example();
        double s0 = classLogprob(e.prompt(), " alpha");
        int[] ids = tokenizer.encode(e.prompt() + e.classes().get(1));
        double s1 = 0;
        for (int i = ids.length - 3; i < ids.length; i++) s1 += FakeBackend.logprob(1.0, ids[i - 1], ids[i]);
        double lse = Math.max(s0, s1) + Math.log(Math.exp(s0 - Math.max(s0, s1)) + Math.exp(s1 - Math.max(s0, s1)));
        double loss = lse - (e.answerIndex() == 0 ? s0 : s1);

        Path csv = out.resolve("fake-m.csv");
        ContestFiles.writeModelCsv(csv, TaskType.CLASSIFICATION, items, s.results("fake-m"));
        String[] lines = Files.readString(csv).split("\r\n", -1);
        assertEquals("index,loss,correct,predicted,total_logprob", lines[0]);
        String[] first = lines[1].split(",", 2);
        assertEquals("0", first[0]);
        assertEquals(loss, Double.parseDouble(first[1].substring(0, first[1].indexOf(','))), 1e-6);
        String predicted = e.classes().get(1 - e.answerIndex());
        assertTrue(lines[1].contains(",0," + (predicted.contains(",") ? "\"" + predicted + "\"" : predicted) + ","), lines[1]);
        assertEquals(items.size() + 2, lines.length, "header, rows, and the final line end");

        Path json = out.resolve("results.json");
        ContestFiles.writeJson(json, Map.of("series", List.of(report)));
        JsonNode tree = new ObjectMapper().readTree(json.toFile()).get("series").get(0);
        assertEquals("INVERSE", tree.get("trend").get("verdict").asText());
        assertEquals(report.models().get(1).mean(), tree.get("models").get(1).get("mean").asDouble(), 1e-12);
        assertEquals(10, tree.get("datasetSizes").get(0).get("examples").asInt());

        ScalingPlot plot = ReportPlots.plot(List.of(report));
        assertEquals(List.of(items.size() + " examples (with SEM)", "10 examples (with SEM)"),
                plot.lines().stream().map(ScalingPlot.Line::label).toList());
        ContestPlotRenderer.writeSvg(plot, out.resolve("loss_plot.svg"));
        assertTrue(Files.readString(out.resolve("loss_plot.svg")).contains(">fake-l<"));
    }

    @Test
    void fewShotSweepFindsTheNumberOfDemonstrationsThatRemovesIt() throws Exception {
        // k = 0 and 1: the fake models are drawn to the wrong class; from k = 2 the demonstrations "work"
        List<EvalItem> all = new ArrayList<>();
        for (int k : List.of(0, 1, 2, 4)) all.addAll(items("k=" + k, 30, k < 2, "Example. ".repeat(k)));
        EvaluationScheduler s = run(all);
        List<FewShotSweep.Step> steps = new ArrayList<>();
        for (int k : List.of(0, 1, 2, 4)) {
            List<EvalItem> mine = all.stream().filter(i -> i.key().series().equals("k=" + k)).toList();
            steps.add(new FewShotSweep.Step(k, SeriesReport.build("k=" + k, TaskType.CLASSIFICATION, false, models, mine,
                    s::results, PairedBootstrap.DEFAULT, List.of())));
        }
        FewShotSweep sweep = FewShotSweep.of(steps);
        assertTrue(sweep.inverseAtZeroShots());
        assertEquals(2, sweep.removedAt());
        assertEquals(ScalingAnalysis.Verdict.STANDARD, sweep.steps().get(2).report().trend().verdict());
        assertTrue(sweep.summary().contains("gone"), sweep.summary());
        assertEquals(List.of(0, 1, 2, 4, 8), FewShotSweep.shots(8));
    }

    @Test
    void severalFamiliesGetALineAndATrendEach() throws Exception {
        List<EvalModel> mixed = List.of(model("a-small", 10_000_000, 0.5), model("a-large", 1_000_000_000, 2.0),
                new EvalModel("b-mid", "b-mid", "other", 100_000_000, (p, c) -> new FakeBackend("b-mid", 1.0, tokenizer)));
        List<EvalItem> items = items("main", 20, true, "");
        EvaluationScheduler s = new EvaluationScheduler(null, (m, r) -> { });
        schedulers.add(s);
        s.submit(mixed, items);
        assertTrue(s.awaitIdle(30_000));
        SeriesReport report = SeriesReport.build("main", TaskType.CLASSIFICATION, false, mixed, items, s::results,
                PairedBootstrap.DEFAULT, List.of(5));
        assertEquals(List.of("fake", "other"), report.families().stream().map(SeriesReport.FamilyTrend::family).toList());
        assertEquals(2, report.families().getFirst().trend().models().size());
        ScalingPlot plot = ReportPlots.plot(List.of(report));
        assertEquals(List.of("fake, 20 examples (with SEM)", "fake, 5 examples (with SEM)", "other, 20 examples (with SEM)",
                "other, 5 examples (with SEM)"), plot.lines().stream().map(ScalingPlot.Line::label).toList());
        assertEquals(List.of("a-small", "a-large"), plot.lines().getFirst().points().stream().map(ScalingPlot.Point::model).toList());
    }

    @Test
    void sequenceProbFilesHaveTheirOwnColumnsAndEmptyCellsForUnscorableRows() throws Exception {
        List<EvalItem> items = List.of(
                new EvalItem(new EvalItem.Key("main", "0"), new Example.SequenceProb("The cat sat on the", " mat.")),
                new EvalItem(new EvalItem.Key("main", "1"), new Example.SequenceProb("", " nothing before")));
        EvaluationScheduler s = run(items);
        SeriesReport report = SeriesReport.build("main", TaskType.SEQUENCE_PROB, false, models, items, s::results,
                PairedBootstrap.DEFAULT, List.of());
        assertEquals(3, report.failures().size(), "one row on each of three models");
        assertEquals(1, report.models().getFirst().scored());
        assertTrue(Double.isNaN(report.baseline()));
        Path csv = out.resolve("fake-s.csv");
        ContestFiles.writeModelCsv(csv, TaskType.SEQUENCE_PROB, items, s.results("fake-s"));
        String text = Files.readString(csv);
        assertTrue(text.startsWith("index,loss\r\n0,"), text);
        assertTrue(text.endsWith("\r\n1,\r\n"), text);
        ContestFiles.writeJson(out.resolve("r.json"), report);
        JsonNode tree = new ObjectMapper().readTree(out.resolve("r.json").toFile());
        assertTrue(tree.get("models").get(0).get("accuracy").isNull(), "NaN is written as null");
    }
}
