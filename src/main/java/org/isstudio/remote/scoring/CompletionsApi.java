package org.isstudio.remote.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The shape of {@code /v1/completions} that OpenAI defined and vLLM, SGLang and llama-cpp-python copied: the
 * echo request that returns a log-prob for every prompt token, and its choices put back in prompt order.
 */
final class CompletionsApi {

    private CompletionsApi() {
    }

    /**
     * {@code {"model", "prompt": [[ids], ...], "echo": true, "logprobs": 1, "max_tokens": N, "temperature": 0}}.
     * One prompt goes as a plain list of ids, as lm-eval sends it: llama-cpp-python reads no list of lists.
     */
    static ObjectNode echoRequest(String model, List<int[]> prompts, int maxTokens) {
        ObjectNode body = ServerClient.JSON.createObjectNode();
        body.put("model", model);
        ArrayNode list = body.putArray("prompt");
        for (int[] p : prompts) {
            ArrayNode ids = prompts.size() == 1 ? list : list.addArray();
            for (int id : p) ids.add(id);
        }
        body.put("echo", true).put("logprobs", 1).put("max_tokens", maxTokens).put("temperature", 0);
        return body;
    }

    /**
     * The answer's choices in prompt order, one per prompt. {@code choices[i].index} counts across the prompts of
     * a request and the order of the list is not promised, so the choices are sorted by it, and each index must
     * occur once.
     */
    static List<JsonNode> choices(JsonNode answer, int prompts, String where) throws ServerException {
        JsonNode choices = answer.path("choices");
        if (!choices.isArray() || choices.size() != prompts) {
            throw new ServerException(where + ": sent " + prompts + " prompts but got "
                    + (choices.isArray() ? choices.size() : "no") + " choices back");
        }
        List<JsonNode> sorted = new ArrayList<>();
        choices.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(c -> c.path("index").asInt(-1)));
        for (int i = 0; i < sorted.size(); i++) {
            if (!sorted.get(i).path("index").canConvertToInt() || sorted.get(i).path("index").asInt() != i) {
                throw new ServerException(where + ": the choices' indices are not 0.." + (prompts - 1) + " (one is "
                        + sorted.get(i).path("index") + "), so they cannot be matched to the prompts");
            }
        }
        return sorted;
    }
}
