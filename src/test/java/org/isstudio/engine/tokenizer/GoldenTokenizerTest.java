package org.isstudio.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import org.isstudio.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every string of expected/tokenizer_cases.json under every tokenizer flavour: the ids the real Hugging Face
 * tokenizers produced, their token strings and decodes where the golden has them.
 */
class GoldenTokenizerTest {

    static final List<String> FLAVOURS = List.of("gpt2", "gpt2-nfc", "gpt2-bos", "opt", "llama2", "llama3");
    private static final Map<String, HfTokenizer> LOADED = new ConcurrentHashMap<>();

    static HfTokenizer tokenizer(String flavour) {
        return LOADED.computeIfAbsent(flavour, f -> {
            try {
                return Tokenizers.load(Golden.tokenizerDir(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static List<JsonNode> cases(String section) {
        return StreamSupport.stream(Golden.tokenizerCases().get(section).spliterator(), false).toList();
    }

    @TestFactory
    List<DynamicTest> idsMatchTheGoldenForEveryFlavour() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String flavour : FLAVOURS) {
            for (String section : List.of("cases", "extra_cases")) {
                for (JsonNode c : cases(section)) {
                    JsonNode expected = c.get("ids_" + flavour);
                    if (expected == null) continue;
                    tests.add(DynamicTest.dynamicTest(flavour + " " + c.get("id").asText(), () -> {
                        int[] ids = tokenizer(flavour).encode(c.get("text").asText());
                        assertArrayEquals(ints(expected), ids, () -> "text " + c.get("text") + " gave " + tokens(flavour, ids));
                    }));
                }
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> tokenStringsAndDecodesMatchTheGolden() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String flavour : List.of("gpt2", "llama2", "llama3")) {
            for (String section : List.of("cases", "extra_cases")) {
                for (JsonNode c : cases(section)) {
                    JsonNode ids = c.get("ids_" + flavour);
                    if (ids == null) continue;
                    tests.add(DynamicTest.dynamicTest(flavour + " " + c.get("id").asText(), () -> {
                        HfTokenizer t = tokenizer(flavour);
                        if (c.has("tokens_" + flavour)) {
                            List<String> expected = new ArrayList<>();
                            c.get("tokens_" + flavour).forEach(n -> expected.add(n.asText()));
                            assertEquals(expected, tokens(flavour, ints(ids)));
                        }
                        if (c.has("decoded_" + flavour)) {
                            // gpt2's decodes come from transformers' decode() with its defaults, the Llama ones
                            // from the tokenizers library's decode(ids, skip_special_tokens=true)
                            String decoded = flavour.equals("gpt2") ? t.decodeAsTransformers(ints(ids), false)
                                    : t.decode(ints(ids), true);
                            assertEquals(c.get("decoded_" + flavour).asText(), decoded);
                        }
                    }));
                }
            }
        }
        return tests;
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }

    static List<String> tokens(String flavour, int[] ids) {
        List<String> out = new ArrayList<>();
        for (int id : ids) out.add(tokenizer(flavour).token(id));
        return out;
    }
}
