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
import java.nio.file.Path;
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

    /**
     * Tokenizer files that use the components the golden ones do not (Metaspace with each prepend scheme,
     * Qwen2's, BLOOM's and Falcon's splits, Digits, Punctuation, literal and inverted splits, Replace with a regex, NFKC,
     * Strip, BERT's normalizer and pre-tokenizer, added tokens with lstrip/rstrip/single_word/normalized,
     * templates with BOS and EOS, decoder chains), made from the real vocabularies and run by both.
     */
    @TestFactory
    List<DynamicTest> javaAgreesWithTheLibraryOnOtherConfigurations() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, String> variant : VARIANTS.entrySet()) {
            tests.add(DynamicTest.dynamicTest(variant.getKey(), () -> {
                Path folder = variantFolder(variant.getKey(), variant.getValue());
                HfTokenizer java = Tokenizers.load(folder);
                try (HuggingFaceTokenizer rust = HuggingFaceTokenizer.builder().optTokenizerPath(folder)
                        .optTruncation(false).optPadding(false).optAddSpecialTokens(true).build()) {
                    RandomTexts texts = new RandomTexts(variant.getKey().hashCode());
                    for (int i = 0; i < TEXTS_PER_VARIANT; i++) {
                        String text = texts.next(1 + i % 30);
                        boolean special = i % 3 != 0;
                        int[] ids = java.encode(text, special);
                        int[] expected = Arrays.stream(rust.encode(text, special, false).getIds()).mapToInt(l -> (int) l).toArray();
                        assertArrayEquals(expected, ids, () -> variant.getKey() + " " + escape(text));
                        long[] longs = Arrays.stream(ids).asLongStream().toArray();
                        assertEquals(rust.decode(longs, true), java.decode(ids, true), () -> variant.getKey() + " decode " + escape(text));
                        assertEquals(rust.decode(longs, false), java.decode(ids, false), () -> variant.getKey() + " decode " + escape(text));
                    }
                }
            }));
        }
        return tests;
    }

    private static final int TEXTS_PER_VARIANT = 150;

    /** Variant name (its base flavour before the first '+') to the members it replaces in tokenizer.json. */
    private static final Map<String, String> VARIANTS = new java.util.LinkedHashMap<>();

    static {
        String llamaDecoder = """
                {"type": "Sequence", "decoders": [{"type": "Replace", "pattern": {"String": "▁"}, "content": " "},
                 {"type": "ByteFallback"}, {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]}""";
        VARIANTS.put("llama2+metaspace-first", """
                {"normalizer": null,
                 "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": false},
                 "decoder": %s}""".formatted(llamaDecoder));
        VARIANTS.put("llama2+metaspace-always-split", """
                {"normalizer": null,
                 "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true},
                 "decoder": {"type": "Sequence", "decoders": [{"type": "ByteFallback"},
                   {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true}]},
                 "post_processor": {"type": "TemplateProcessing",
                   "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                              {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                   "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
                   "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]},
                                      "</s>": {"id": "</s>", "ids": [2], "tokens": ["</s>"]}}}}""");
        VARIANTS.put("gpt2+qwen2-split", """
                {"normalizer": {"type": "NFC"},
                 "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
                   {"type": "Split", "pattern": {"Regex": "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\\\r\\\\n\\\\p{L}\\\\p{N}]?\\\\p{L}+|\\\\p{N}| ?[^\\\\s\\\\p{L}\\\\p{N}]+[\\\\r\\\\n]*|\\\\s*[\\\\r\\\\n]+|\\\\s+(?!\\\\S)|\\\\s+"},
                    "behavior": "Isolated", "invert": false},
                   {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false, "use_regex": false}]},
                 "added_tokens": [
                   {"id": 50256, "content": "<|endoftext|>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                   {"id": 50257, "content": "<|im_start|>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}]}""");
        VARIANTS.put("gpt2+added-token-options", """
                {"normalizer": {"type": "Lowercase"},
                 "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
                 "post_processor": {"type": "RobertaProcessing", "sep": ["<|endoftext|>", 50256], "cls": ["<mask>", 50257],
                   "trim_offsets": true, "add_prefix_space": true},
                 "added_tokens": [
                   {"id": 50256, "content": "<|endoftext|>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                   {"id": 50257, "content": "<mask>", "single_word": true, "lstrip": true, "rstrip": false, "normalized": true, "special": true},
                   {"id": 50258, "content": "Paris", "single_word": false, "lstrip": false, "rstrip": true, "normalized": false, "special": false},
                   {"id": 50259, "content": "world", "single_word": true, "lstrip": false, "rstrip": false, "normalized": true, "special": false},
                   {"id": 50260, "content": "'t", "single_word": false, "lstrip": true, "rstrip": true, "normalized": true, "special": false}]}""");
        VARIANTS.put("gpt2+digits-punctuation-replace", """
                {"normalizer": {"type": "Sequence", "normalizers": [{"type": "NFKC"},
                   {"type": "Replace", "pattern": {"Regex": "\\\\s+"}, "content": " "}, {"type": "Strip", "strip_left": true, "strip_right": true}]},
                 "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
                   {"type": "Digits", "individual_digits": true}, {"type": "Punctuation", "behavior": "Contiguous"},
                   {"type": "Split", "pattern": {"String": " "}, "behavior": "MergedWithNext", "invert": false},
                   {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false}]}}""");
        VARIANTS.put("gpt2+bert-normalizer-and-splits", """
                {"normalizer": {"type": "Sequence", "normalizers": [
                   {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "strip_accents": null, "lowercase": true},
                   {"type": "Prepend", "prepend": "^"}]},
                 "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
                   {"type": "BertPreTokenizer"}, {"type": "Split", "pattern": {"Regex": "[aeiou]+"}, "behavior": "MergedWithPrevious", "invert": true},
                   {"type": "Digits", "individual_digits": false}, {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": false}]}}""");
        VARIANTS.put("gpt2+bloom-and-falcon-splits", """
                {"normalizer": null,
                 "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
                   {"type": "Split", "pattern": {"Regex": " ?[^(\\\\s|[.,!?…。，、।۔،])]+"}, "behavior": "Isolated", "invert": false},
                   {"type": "Punctuation", "behavior": "Contiguous"}, {"type": "Digits", "individual_digits": false},
                   {"type": "Split", "pattern": {"Regex": "[0-9][0-9][0-9]"}, "behavior": "Isolated", "invert": false},
                   {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false}]}}""");
        VARIANTS.put("gpt2+whitespace-nfd-strip-accents", """
                {"normalizer": {"type": "Sequence", "normalizers": [{"type": "NFD"}, {"type": "StripAccents"}]},
                 "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
                   {"type": "Whitespace"}, {"type": "CharDelimiterSplit", "delimiter": "e"},
                   {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true}]},
                 "decoder": {"type": "Sequence", "decoders": [{"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
                   {"type": "Replace", "pattern": {"Regex": "[0-9]"}, "content": "#"}, {"type": "Strip", "content": "#", "start": 2, "stop": 0}]}}""");
    }

    @org.junit.jupiter.api.io.TempDir
    static Path variants;

    private static Path variantFolder(String name, String replacements) throws IOException {
        String base = name.substring(0, name.indexOf('+'));
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(
                Golden.tokenizerDir(base).resolve("tokenizer.json").toFile());
        mapper.readTree(replacements).properties().forEach(e -> root.set(e.getKey(), e.getValue()));
        Path folder = java.nio.file.Files.createDirectories(variants.resolve(name));
        mapper.writeValue(folder.resolve("tokenizer.json").toFile(), root);
        return folder;
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
