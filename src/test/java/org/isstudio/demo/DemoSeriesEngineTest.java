package org.isstudio.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.engine.ScoreRequest;
import org.isstudio.eval.ContestScorer;
import org.isstudio.eval.ExampleScore;
import org.isstudio.eval.LocalBackend;
import org.isstudio.eval.ScoringPlan;
import org.isstudio.format.TaskFiles;
import org.isstudio.format.template.Examples;
import org.isstudio.model.AppPaths;
import org.isstudio.model.Example;
import org.isstudio.model.TaskType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java engine reproduces the numbers the demo series was shipped with (computed by PyTorch in
 * {@code app/models/demo/training/make_series.py}): the loss on the held-out sample and the contest loss on
 * the sample task and its control; and on the engine's numbers the sample task scales inversely while its
 * control scales normally.
 */
class DemoSeriesEngineTest {

    /** Both sides compute in fp32 from the same fp16 weights; only summation order differs. */
    private static final double TOLERANCE = 2e-3;
    private static final Path DEMO = AppPaths.demoModelsDir();

    private static JsonNode series;
    private static final List<Measured> measured = new ArrayList<>();

    private record Measured(String name, double heldoutSample, double task, double control) {
    }

    @BeforeAll
    static void scoreEveryMember() throws IOException {
        series = new ObjectMapper().readTree(DEMO.resolve("series.json").toFile());
        List<String> passages = Files.readAllLines(DEMO.resolve(series.get("heldout_sample").get("file").asText()),
                StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        Path samples = AppPaths.samplesDir().resolve("ending-swap");
        List<Example> task = Examples.of(TaskFiles.read(samples.resolve("ending-swap.csv")).parts().getFirst());
        List<Example> control = Examples.of(TaskFiles.read(samples.resolve("ending-swap-CONTROL1.csv")).parts().getFirst());
        for (JsonNode m : series.get("members")) {
            try (LocalBackend backend = LocalBackend.open(DEMO.resolve(m.get("folder").asText()),
                    DEMO.resolve(series.get("tokenizer").asText()))) {
                measured.add(new Measured(m.get("name").asText(), heldoutSampleLoss(backend, passages),
                        taskLoss(backend, task), taskLoss(backend, control)));
            }
        }
    }

    /** Mean negative log-likelihood of every token after the first of each passage. */
    private static double heldoutSampleLoss(LocalBackend backend, List<String> passages) {
        List<ScoreRequest> requests = passages.stream()
                .map(p -> new ScoreRequest(backend.tokenizer().encode(p, false), 1)).toList();
        double sum = 0;
        long count = 0;
        for (float[] logprobs : backend.score(requests, Cancellation.NONE, Progress.NONE)) {
            for (float lp : logprobs) sum -= lp;
            count += logprobs.length;
        }
        assertEquals(series.get("heldout_sample").get("scored_tokens").asLong(), count, "scored tokens");
        return sum / count;
    }

    /** The contest's classification loss, mean over examples. */
    private static double taskLoss(LocalBackend backend, List<Example> examples) {
        ContestScorer scorer = new ContestScorer(backend.tokenizer());
        double sum = 0;
        for (Example e : examples) {
            ScoringPlan plan = scorer.plan(e);
            ExampleScore score = scorer.score(plan, backend.score(plan.requests(), Cancellation.NONE, Progress.NONE));
            sum += score.value(TaskType.CLASSIFICATION);
        }
        return sum / examples.size();
    }

    private static JsonNode member(int i) {
        return series.get("members").get(i);
    }

    @Test
    void engineReproducesTheHeldOutSampleLosses() {
        for (int i = 0; i < measured.size(); i++) {
            assertEquals(member(i).get("heldout_sample_loss").asDouble(), measured.get(i).heldoutSample(), TOLERANCE,
                    measured.get(i).name() + ": held-out sample loss");
        }
    }

    @Test
    void engineReproducesTheSampleTaskLosses() {
        for (int i = 0; i < measured.size(); i++) {
            assertEquals(member(i).get("sample_task_loss").asDouble(), measured.get(i).task(), TOLERANCE,
                    measured.get(i).name() + ": ending-swap loss");
            assertEquals(member(i).get("control_task_loss").asDouble(), measured.get(i).control(), TOLERANCE,
                    measured.get(i).name() + ": control loss");
        }
    }

    @Test
    void heldOutSampleLossFallsWithSize() {
        for (int i = 1; i < measured.size(); i++) {
            assertTrue(measured.get(i).heldoutSample() < measured.get(i - 1).heldoutSample(), measured.toString());
        }
    }

    @Test
    void sampleTaskScalesInverselyAndItsControlNormally() {
        for (int i = 1; i < measured.size(); i++) {
            assertTrue(measured.get(i).task() > measured.get(i - 1).task(), "ending-swap loss rises with size: " + measured);
            assertTrue(measured.get(i).control() < measured.get(i - 1).control(), "control loss falls with size: " + measured);
        }
    }
}
