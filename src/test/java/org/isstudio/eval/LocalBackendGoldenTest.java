package org.isstudio.eval;

import com.fasterxml.jackson.databind.JsonNode;
import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.model.Example;
import org.isstudio.model.TaskType;
import org.isstudio.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end through the real engine and tokenizer: sequence_prob on every golden model folder against what the
 * contest's own HF code path computed with transformers ({@code completions[].isp_pipeline} in the goldens: the
 * scored ids, their log-probabilities and the sum), including the OPT start-token correction and a boundary merge.
 */
class LocalBackendGoldenTest {

    private static final double TOLERANCE = 1e-4;

    @TempDir
    static Path digests;

    static List<String> models() {
        return Golden.modelNames().stream().filter(m -> Golden.expected(m).has("completions")).toList();
    }

    @ParameterizedTest
    @MethodSource("models")
    void sequenceProbMatchesTheContestsCodeUnderAContentIdentity(String name) throws IOException {
        JsonNode golden = Golden.expected(name);
        try (LocalBackend backend = LocalBackend.open(Golden.modelDir(name), Golden.modelDir(name), new FileDigests(digests.resolve("d.properties")))) {
            // the cache identity is the content, not the path
            String sha = golden.get("sha256").asText();
            assertTrue(backend.cacheIdentity().startsWith("local-engine/" + LocalBackend.ENGINE_SCORES_VERSION + "|"));
            assertTrue(backend.cacheIdentity().contains("=" + sha + "|"), backend.cacheIdentity() + " lacks the weights' sha256");
            assertTrue(backend.cacheIdentity().contains("|tokenizer/tokenizer.json="), backend.cacheIdentity());
            var bos = backend.tokenizer().bosPolicy();
            assertTrue(backend.cacheIdentity().endsWith(bos.addsBos() ? "|bos=" + bos.bosId() : "|bos=none"));

            ContestScorer scorer = new ContestScorer(backend.tokenizer());
            List<ScoringPlan> plans = new ArrayList<>();
            for (JsonNode c : golden.get("completions")) {
                plans.add(scorer.plan(new Example.SequenceProb(c.get("prompt").asText(), c.get("completion").asText())));
            }
            int k = 0;
            for (JsonNode c : golden.get("completions")) {
                ScoringPlan plan = plans.get(k++);
                JsonNode isp = c.get("isp_pipeline");
                ExampleScore score = scorer.score(plan, backend.score(plan.requests(), Cancellation.NONE, Progress.NONE));
                String where = name + " " + c.get("id").asText();
                TokenScores tokens = score.tokens().getFirst();
                assertArrayEquals(ints(isp.get("input_ids")), tokens.tokens(), where);
                assertArrayEquals(ints(isp.get("scored_ids")), tokens.scoredTokens(), where);
                double[] expected = doubles(isp.get("token_logprobs"));
                for (int i = 0; i < expected.length; i++) assertEquals(expected[i], tokens.logprobs()[i], TOLERANCE, where + " token " + i);
                assertEquals(-isp.get("completion_logprob").asDouble(), score.value(TaskType.SEQUENCE_PROB), TOLERANCE * expected.length, where);
                boolean merged = !Arrays.equals(ints(c.get("separate").get("completion_ids")), tokens.scoredTokens());
                assertEquals(merged, score.flags().stream().anyMatch(f -> f.kind() == ScoreFlag.Kind.TOKENIZATION_MISMATCH),
                        where + " " + score.flags());
            }
        }
    }

    @Test
    void aTextLongerThanTheModelReadsIsScoredOnItsEnd() throws Exception {
        Path model = Golden.modelDir("gpt2-tiny");
        String prompt = "The quick brown fox jumps over the lazy dog. ".repeat(40) + "Is the fox quick? Answer:";
        var item = new EvalItem(new EvalItem.Key("main", "long"), new Example.Classification(prompt, List.of(" Yes", " No"), 0));
        EvalModel m = new EvalModel("gpt2-tiny", "gpt2-tiny", "golden", 1_641_888,
                (p, c) -> LocalBackend.open(model, model, new FileDigests(digests.resolve("d.properties"))));
        try (EvaluationScheduler s = new EvaluationScheduler(null, (mm, r) -> { })) {
            s.submit(List.of(m), List.of(item));
            assertTrue(s.awaitIdle(60_000));
            ItemResult r = s.results("gpt2-tiny").get(item.key());
            assertTrue(r.ok(), String.valueOf(r.error()));
            assertTrue(r.score().flags().stream().anyMatch(f -> f.kind() == ScoreFlag.Kind.CONTEXT_LIMIT), r.score().flags().toString());
            assertEquals(256, r.score().tokens().getFirst().tokens().length, "gpt2-tiny has 256 positions");
            assertTrue(Double.isFinite(r.score().value(TaskType.CLASSIFICATION)));
        }
    }

    private static int[] ints(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToInt(JsonNode::asInt).toArray();
    }

    private static double[] doubles(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToDouble(JsonNode::asDouble).toArray();
    }
}
