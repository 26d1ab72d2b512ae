package org.isstudio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isstudio.testing.Golden;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code isstudio score} on the golden gpt2-tiny and opt folders, against transformers' numbers. */
class ScoreCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Cli.standard().run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void contextAndContinuationsPrintIdsTokensLogProbsAndTheContinuationSum() throws Exception {
        JsonNode golden = Golden.expected("opt-125m-tiny").path("completions").get(0);
        String model = Golden.modelDir("opt-125m-tiny-bin").toString();
        assertEquals(Cli.OK, run("score", "--model", model, "--context", golden.path("prompt").asText(),
                "--continuation", golden.path("completion").asText(), "--continuation", " Rome", "--json"), err.toString());
        JsonNode result = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        JsonNode first = result.path("sequences").get(0);
        assertEquals(golden.path("separate").path("input_ids"), first.path("ids"));
        assertTrue(first.path("logprobs").get(0).isNull(), "the first token (the BOS) has no log-prob");
        assertEquals("</s>", first.path("tokens").get(0).asText());
        assertEquals(golden.path("separate").path("prompt_ids").size(), first.path("continuation_start").asInt());
        assertEquals(golden.path("separate").path("completion_logprob").asDouble(), first.path("continuation_logprob").asDouble(), 1e-4);
        assertEquals(2, result.path("sequences").size());
        assertTrue(result.path("sequences").get(1).path("continuation_logprob").asDouble() < 0);
    }

    @Test
    void textsPrintATableWithTheSum() {
        JsonNode golden = Golden.expected("gpt2-tiny").path("cases").get(1);
        assertEquals(Cli.OK, run("score", Golden.modelDir("gpt2-tiny").toString(), golden.path("text").asText()), err.toString());
        String table = out.toString(StandardCharsets.UTF_8);
        var sum = java.util.regex.Pattern.compile("sum of (\\d+) log-probs: (-?[0-9.]+)").matcher(table);
        assertTrue(sum.find(), table);
        assertEquals(golden.path("input_ids").size() - 1, Integer.parseInt(sum.group(1)));
        assertEquals(golden.path("sum_logprob").asDouble(), Double.parseDouble(sum.group(2)), 1e-3);
        assertTrue(table.contains("'Ġworld'"), table);
    }

    @Test
    void missingTextIsAUsageError() {
        assertEquals(Cli.USAGE, run("score", Golden.modelDir("gpt2-tiny").toString()));
        assertTrue(err.toString().contains("nothing to score"), err.toString());
    }
}
