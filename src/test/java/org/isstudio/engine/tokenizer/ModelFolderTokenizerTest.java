package org.isstudio.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import org.isstudio.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.isstudio.engine.tokenizer.GoldenTokenizerTest.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The tokenizer of every golden model folder reproduces the input ids transformers scored: the cases, both
 * completion conventions, and the contest pipeline's count of scored tokens, which depends on the BOS policy
 * ({@code correction_for_start_token}).
 */
class ModelFolderTokenizerTest {

    @TestFactory
    List<DynamicTest> everyModelFolderTokenizesAsTransformersDid() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String model : Golden.modelNames()) {
            tests.add(DynamicTest.dynamicTest(model, () -> {
                HfTokenizer t = Tokenizers.load(Golden.modelDir(model));
                JsonNode golden = Golden.expected(model);
                for (JsonNode c : golden.get("cases")) {
                    assertArrayEquals(ints(c.get("input_ids")), t.encode(c.get("text").asText()), c.get("id").asText());
                }
                for (JsonNode c : golden.get("completions")) {
                    String prompt = c.get("prompt").asText();
                    String completion = c.get("completion").asText();
                    JsonNode separate = c.get("separate");
                    assertArrayEquals(ints(separate.get("prompt_ids")), t.encode(prompt), c.get("id") + " prompt");
                    assertArrayEquals(ints(separate.get("completion_ids")), t.encode(completion, false), c.get("id") + " completion");
                    JsonNode isp = c.get("isp_pipeline");
                    int[] joined = t.encode(prompt + completion);
                    assertArrayEquals(ints(isp.get("input_ids")), joined, c.get("id") + " joined");
                    int nScored = t.encode(completion).length - t.bosPolicy().startTokenCorrection();
                    assertEquals(isp.get("n_scored").asInt(), nScored, c.get("id") + " n_scored");
                    assertArrayEquals(ints(isp.get("scored_ids")),
                            IntStream.range(joined.length - nScored, joined.length).map(i -> joined[i]).toArray());
                }
            }));
        }
        return tests;
    }
}
