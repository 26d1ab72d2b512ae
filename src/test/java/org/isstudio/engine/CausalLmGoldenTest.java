package org.isstudio.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.isstudio.testing.Golden;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every golden model folder scored by the engine against what transformers computed for it
 * (src/test/resources/golden/README.md): per-token log-probs within 1e-4 for all cases, completion sums,
 * and the same numbers whether requests are scored together (sharing prefixes) or one by one.
 */
class CausalLmGoldenTest {

    /**
     * The README's F32 bound. It holds for the F16 and BF16 folders too: their goldens were computed in float32
     * from the upcast weights, and the kernels widen each stored half exactly before multiplying in float32.
     */
    private static final double TOLERANCE = 1e-4;

    static Stream<String> models() {
        return Golden.modelNames().stream();
    }

    @ParameterizedTest
    @MethodSource("models")
    void tokenLogProbsMatchTransformers(String model) throws IOException {
        JsonNode expected = Golden.expected(model);
        try (CausalLm lm = CausalLm.open(Golden.modelDir(model))) {
            List<ScoreRequest> requests = new ArrayList<>();
            List<JsonNode> cases = new ArrayList<>();
            for (JsonNode c : expected.path("cases")) {
                if (c.path("input_ids").size() < 2) continue;
                requests.add(new ScoreRequest(ids(c.path("input_ids")), 1));
                cases.add(c);
            }
            assertTrue(cases.size() >= 25, "golden cases found: " + cases.size());
            // twice: from its second multiply on, an F32 model's weights come from the kernels' packed copy
            for (int pass = 1; pass <= 2; pass++) {
                List<float[]> scores = lm.score(requests, Cancellation.NONE, Progress.NONE);
                for (int k = 0; k < cases.size(); k++) {
                    JsonNode want = cases.get(k).path("token_logprobs");
                    float[] got = scores.get(k);
                    assertEquals(want.size(), got.length, cases.get(k).path("id").asText());
                    for (int j = 0; j < got.length; j++) {
                        assertEquals(want.get(j).asDouble(), got[j], TOLERANCE,
                                model + " pass " + pass + " case " + cases.get(k).path("id").asText() + " token " + (j + 1));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void completionLogProbsMatchTransformers(String model) throws IOException {
        JsonNode completions = Golden.expected(model).path("completions");
        try (CausalLm lm = CausalLm.open(Golden.modelDir(model))) {
            List<ScoreRequest> requests = new ArrayList<>();
            for (JsonNode c : completions) {
                JsonNode s = c.path("separate");
                requests.add(new ScoreRequest(ids(s.path("input_ids")), s.path("prompt_ids").size()));
            }
            List<float[]> scores = lm.score(requests, Cancellation.NONE, Progress.NONE);
            for (int k = 0; k < requests.size(); k++) {
                JsonNode s = completions.get(k).path("separate");
                double sum = 0;
                for (float v : scores.get(k)) sum += v;
                assertEquals(s.path("completion_token_logprobs").size(), scores.get(k).length);
                assertEquals(s.path("completion_logprob").asDouble(), sum, TOLERANCE * scores.get(k).length,
                        model + " completion " + completions.get(k).path("id").asText());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void sharingPrefixesGivesTheNumbersOfScoringAlone(String model) throws IOException {
        JsonNode expected = Golden.expected(model);
        try (CausalLm lm = CausalLm.open(Golden.modelDir(model))) {
            List<ScoreRequest> requests = new ArrayList<>();
            for (JsonNode c : expected.path("completions")) {
                JsonNode s = c.path("separate");
                int[] ids = ids(s.path("input_ids"));
                requests.add(new ScoreRequest(ids, s.path("prompt_ids").size()));
                requests.add(new ScoreRequest(ids, 1));
                // a branch off the same prompt, and the prompt alone: forks in the middle of a run
                int[] other = ids.clone();
                other[other.length - 1] = (other[other.length - 1] + 1) % 1000;
                requests.add(new ScoreRequest(other, Math.max(1, ids.length - 2)));
                requests.add(new ScoreRequest(java.util.Arrays.copyOf(ids, Math.max(2, ids.length - 1)), 1));
            }
            List<float[]> together = lm.score(requests, Cancellation.NONE, Progress.NONE);
            for (int k = 0; k < requests.size(); k++) {
                float[] alone = lm.score(List.of(requests.get(k)), Cancellation.NONE, Progress.NONE).getFirst();
                float[] shared = together.get(k);
                assertEquals(alone.length, shared.length);
                for (int j = 0; j < alone.length; j++) {
                    assertEquals(alone[j], shared[j], 1e-5, model + " request " + k + " token " + j);
                }
            }
        }
    }

    static int[] ids(JsonNode array) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = array.get(i).asInt();
        return ids;
    }

    @BeforeAll
    static void vectorKernelsAreUsed() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "tests run with the Vector API");
    }

}
