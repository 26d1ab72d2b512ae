package org.isstudio.engine.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import org.isstudio.testing.Golden;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.isstudio.engine.tokenizer.GoldenTokenizerTest.FLAVOURS;
import static org.isstudio.engine.tokenizer.GoldenTokenizerTest.ints;
import static org.isstudio.engine.tokenizer.GoldenTokenizerTest.tokenizer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Java tokenizer against the Hugging Face tokenizers library itself (Rust, through DJL's binding, whose
 * jar bundles the native library for Linux x86-64/aarch64, macOS aarch64 and Windows x86-64): both on the
 * golden cases, then on seeded random texts full of edge cases, encoding with and without special tokens
 * and decoding with and without them.
 */
class DjlCrossCheckTest {

    private static final int TEXTS_PER_FLAVOUR = 400;
    private static final Map<String, HuggingFaceTokenizer> REFERENCE = new HashMap<>();

    @BeforeAll
    static void loadReference() throws IOException {
        assumeTrue(bundledPlatform(), "DJL bundles no tokenizers library for " + System.getProperty("os.name")
                + " " + System.getProperty("os.arch"));
        for (String flavour : FLAVOURS) {
            // DJL truncates to 512 tokens unless told not to; padding is irrelevant for one text
            REFERENCE.put(flavour, HuggingFaceTokenizer.builder().optTokenizerPath(Golden.tokenizerDir(flavour))
                    .optTruncation(false).optPadding(false).optAddSpecialTokens(true).build());
        }
    }

    @AfterAll
    static void close() {
        REFERENCE.values().forEach(HuggingFaceTokenizer::close);
    }

    private static boolean bundledPlatform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm = arch.equals("aarch64");
        return (os.contains("linux") && (x64 || arm)) || (os.contains("mac") && arm) || (os.contains("windows") && x64);
    }

    private static int[] reference(String flavour, String text, boolean special) {
        return Arrays.stream(REFERENCE.get(flavour).encode(text, special, false).getIds()).mapToInt(l -> (int) l).toArray();
    }

    @Test
    void theLibraryItselfGivesTheGoldenIds() {
        for (String flavour : FLAVOURS) {
            for (String section : List.of("cases", "extra_cases")) {
                for (JsonNode c : Golden.tokenizerCases().get(section)) {
                    if (!c.has("ids_" + flavour)) continue;
                    assertArrayEquals(ints(c.get("ids_" + flavour)), reference(flavour, c.get("text").asText(), true),
                            flavour + " " + c.get("id").asText());
                }
            }
        }
    }

    @TestFactory
    List<DynamicTest> javaAgreesWithTheLibraryOnRandomTexts() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String flavour : FLAVOURS) {
            tests.add(DynamicTest.dynamicTest(flavour, () -> {
                HfTokenizer java = tokenizer(flavour);
                HuggingFaceTokenizer rust = REFERENCE.get(flavour);
                RandomTexts texts = new RandomTexts(flavour.hashCode());
                for (int i = 0; i < TEXTS_PER_FLAVOUR; i++) {
                    String text = texts.next(1 + i % 40);
                    boolean special = i % 3 != 0;
                    int[] ids = java.encode(text, special);
                    assertArrayEquals(reference(flavour, text, special), ids, () -> flavour + " " + escape(text));
                    long[] longs = Arrays.stream(ids).asLongStream().toArray();
                    assertEquals(rust.decode(longs, true), java.decode(ids, true), () -> flavour + " decode " + escape(text));
                    assertEquals(rust.decode(longs, false), java.decode(ids, false), () -> flavour + " decode " + escape(text));
                }
            }));
        }
        return tests;
    }

    @Test
    void longTextsAreNotTruncated() {
        String text = new RandomTexts(7).next(3000);
        for (String flavour : List.of("gpt2", "llama2", "llama3")) {
            int[] ids = tokenizer(flavour).encode(text);
            assertTrue(ids.length > 2000, flavour + " " + ids.length);
            assertArrayEquals(reference(flavour, text, true), ids, flavour);
        }
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7F) out.appendCodePoint(cp);
            else out.append(String.format("\\u{%X}", cp));
        });
        return out.toString();
    }
}
