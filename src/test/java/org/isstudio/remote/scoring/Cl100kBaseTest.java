package org.isstudio.remote.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import org.isstudio.engine.tokenizer.HfTokenizer;
import org.isstudio.engine.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The shipped cl100k_base against tiktoken: the encodings js-tiktoken computed for 36 texts (resource
 * {@code cl100k_base-encodings.json}, written by {@code src/tools/cl100k_base/encodings.mjs}) covering
 * contractions in both cases, digit runs, whitespace runs and line ends, accents, non-Latin scripts, emoji and a
 * special token, and a few encodings quoted widely from tiktoken itself.
 */
class Cl100kBaseTest {

    @Test
    void encodesAsTiktokenDoes() throws IOException {
        HfTokenizer t = Cl100kBase.tokenizer();
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("cl100k_base-encodings.json")) {
            golden = FakeScoringServer.JSON.readTree(in);
        }
        assertEquals(36, golden.path("cases").size());
        for (JsonNode c : golden.path("cases")) {
            String text = c.path("text").asText();
            List<Integer> expected = new ArrayList<>();
            c.path("ids").forEach(x -> expected.add(x.asInt()));
            int[] ids = t.encode(text);
            assertEquals(expected, java.util.Arrays.stream(ids).boxed().toList(), text);
            assertEquals(text, t.decode(ids, false), "decodes back: " + text);
        }
    }

    @Test
    void knownEncodingsAndTheVocabulary() throws IOException {
        HfTokenizer t = Cl100kBase.tokenizer();
        // tiktoken's README example and its test suite
        assertArrayEquals(new int[]{15339, 1917}, t.encode("hello world"));
        assertArrayEquals(new int[]{9906, 11, 1917, 0}, t.encode("Hello, world!"));
        assertArrayEquals(new int[]{100257}, t.encode("<|endoftext|>"));
        assertEquals(100_277, t.vocabSize(), "100,256 ranks, then the special tokens up to <|endofprompt|> = 100276");
        assertEquals(Tokenizer.BosPolicy.NONE, t.bosPolicy(), "GPT-3's API adds nothing before a prompt");
        assertArrayEquals(new byte[]{(byte) 0xe7}, t.tokenBytes(163).orElseThrow());
        assertArrayEquals(" fox".getBytes(java.nio.charset.StandardCharsets.UTF_8), t.tokenBytes(39935).orElseThrow());
    }
}
