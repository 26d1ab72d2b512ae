package org.isstudio.engine.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.isstudio.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.isstudio.engine.tokenizer.GoldenTokenizerTest.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Folder layouts, and the error a bad file gives (naming the file and the field). */
class LoadingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aLoneTokenizerJsonIsReadFromAStreamAsFromAFolderWithNothingElse() throws IOException {
        Path only = Files.copy(Golden.tokenizerDir("gpt2").resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        HfTokenizer fromFolder = Tokenizers.load(dir);
        HfTokenizer fromStream;
        try (var in = Files.newInputStream(only)) {
            fromStream = Tokenizers.read(in, "gpt2.tokenizer.json");
        }
        String text = "Hello world, it's 2022!\n  ünïcode 🙂";
        assertArrayEquals(fromFolder.encode(text), fromStream.encode(text));
        assertEquals(fromFolder.bosPolicy(), fromStream.bosPolicy());
        TokenizerFormatException e = assertThrows(TokenizerFormatException.class,
                () -> Tokenizers.read(new java.io.ByteArrayInputStream("{\"model\": ".getBytes()), "cut.json"));
        assertEquals("cut.json: not valid JSON: ", e.getMessage().substring(0, "cut.json: not valid JSON: ".length()));
    }

    @Test
    void aFolderIsParsedOnceUntilOneOfItsFilesChanges() throws IOException {
        for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
            Files.copy(Golden.tokenizerDir("gpt2").resolve(f), dir.resolve(f));
        }
        HfTokenizer first = Tokenizers.load(dir);
        assertSame(first, Tokenizers.load(dir), "a model reopened reuses its tokenizer");
        Path config = dir.resolve("tokenizer_config.json");
        Files.writeString(config, Files.readString(config).replace("\"model_max_length\"", "\"model_max_length\" "));
        HfTokenizer reread = Tokenizers.load(dir);
        assertNotSame(first, reread, "an edited file is read again");
        assertArrayEquals(first.encode("Hello world"), reread.encode("Hello world"));
    }

    @Test
    void tokenBytesAreWhatAByteLevelTokenStandsFor() throws IOException {
        HfTokenizer gpt2 = Tokenizers.load(Golden.tokenizerDir("gpt2"));
        assertArrayEquals(" world".getBytes(java.nio.charset.StandardCharsets.UTF_8), gpt2.tokenBytes(gpt2.id("Ġworld")).orElseThrow());
        // the first byte of a three-byte character: a token that is not text on its own
        assertArrayEquals(new byte[]{(byte) 0xe2}, gpt2.tokenBytes(gpt2.id("â")).orElseThrow());
        HfTokenizer llama2 = Tokenizers.load(Golden.tokenizerDir("llama2"));
        assertEquals(java.util.Optional.empty(), llama2.tokenBytes(llama2.id("▁world")), "SentencePiece pieces are not byte-level");
    }

    @Test
    void vocabAndMergesFilesWithoutTokenizerJsonLoadLikeTransformersConvertsThem() throws IOException {
        // the facebook/opt-* layout: vocab.json + merges.txt + configs, no tokenizer.json
        Path opt = Golden.tokenizerDir("opt");
        ObjectNode tj = (ObjectNode) JSON.readTree(opt.resolve("tokenizer.json").toFile());
        JSON.writeValue(dir.resolve("vocab.json").toFile(), tj.get("model").get("vocab"));
        List<String> lines = new ArrayList<>();
        lines.add("#version: 0.2");
        tj.get("model").get("merges").forEach(m -> lines.add(m.asText()));
        Files.write(dir.resolve("merges.txt"), lines);
        Files.copy(opt.resolve("tokenizer_config.json"), dir.resolve("tokenizer_config.json"));
        Files.copy(opt.resolve("special_tokens_map.json"), dir.resolve("special_tokens_map.json"));

        HfTokenizer t = Tokenizers.load(dir);
        assertEquals(2, t.bosPolicy().bosId());
        for (var c : Golden.tokenizerCases().get("cases")) {
            assertArrayEquals(ints(c.get("ids_opt")), t.encode(c.get("text").asText()), c.get("id").asText());
        }
        // the configs' special tokens are added tokens: matched in text and skipped by decode
        assertArrayEquals(new int[] {2, 15500, 1}, t.encode("Hello<pad>"));
        assertEquals("Hello", t.decode(t.encode("Hello<pad>"), true));
    }

    @Test
    void aTokenizerJsonFileCanBeGivenInsteadOfItsFolder() throws IOException {
        HfTokenizer t = Tokenizers.load(Golden.tokenizerDir("gpt2").resolve("tokenizer.json"));
        assertArrayEquals(new int[] {15496, 995}, t.encode("Hello world"));
    }

    @Test
    void missingFilesAreNamed() {
        var e = assertThrows(TokenizerFormatException.class, () -> Tokenizers.load(dir));
        assertEquals(dir + ": no tokenizer.json (nor vocab.json with merges.txt)", e.getMessage());
        e = assertThrows(TokenizerFormatException.class, () -> Tokenizers.load(dir.resolve("absent")));
        assertEquals(dir.resolve("absent") + ": no such folder", e.getMessage());
    }

    @Test
    void badComponentsAreErrorsNamingTheField() throws IOException {
        assertError("tokenizer.json: pre_tokenizer.pretokenizers[1].type: unsupported pre-tokenizer 'UnicodeScripts' "
                        + "(supported: ByteLevel, Split, Metaspace, Digits, Whitespace, WhitespaceSplit, Punctuation, "
                        + "CharDelimiterSplit, BertPreTokenizer, Sequence)",
                Map.of("pre_tokenizer", Map.of("type", "Sequence", "pretokenizers",
                        List.of(Map.of("type", "Whitespace"), Map.of("type", "UnicodeScripts")))));
        assertError("tokenizer.json: pre_tokenizer.behavior: unknown split behavior 'Dropped' (expected Removed, Isolated, "
                        + "MergedWithPrevious, MergedWithNext or Contiguous)",
                Map.of("pre_tokenizer", Map.of("type", "Split", "pattern", Map.of("String", " "), "behavior", "Dropped")));
        assertError("tokenizer.json: normalizer.pattern.Regex: cannot compile the regular expression: Unclosed group",
                Map.of("normalizer", Map.of("type", "Replace", "pattern", Map.of("Regex", "(ab"), "content", "")));
        assertError("tokenizer.json: model.merges[1]: merge 'c d': 'd' is not in the vocabulary",
                Map.of("model", model(List.of("a b", "c d"))));
        assertError("tokenizer.json: model.merges[0]: expected two tokens separated by one space, found 'a b c'",
                Map.of("model", model(List.of("a b c"))));
        assertError("tokenizer.json: model.type: unsupported model 'Unigram' (supported: BPE (GPT-2, GPT-NeoX, OPT, Llama, "
                        + "Mistral, Qwen styles))",
                Map.of("model", Map.of("type", "Unigram", "vocab", List.of())));
        assertError("tokenizer.json: post_processor.single[0].SpecialToken.id: '<s>' is not in special_tokens",
                Map.of("post_processor", Map.of("type", "TemplateProcessing", "single",
                        List.of(Map.of("SpecialToken", Map.of("id", "<s>", "type_id", 0)),
                                Map.of("Sequence", Map.of("id", "A", "type_id", 0))), "special_tokens", Map.of())));
        assertError("tokenizer.json: added_tokens[0].id: expected an integer, found \"one\"",
                Map.of("added_tokens", List.of(Map.of("id", "one", "content", "<x>"))));
    }

    @Test
    void mergesAsPairsAndStringsAreTheSame() throws IOException {
        HfTokenizer strings = load(Map.of("model", model(List.of("a b", "ab c"))));
        Map<String, Object> pairs = model(List.of());
        pairs.put("merges", List.of(List.of("a", "b"), List.of("ab", "c")));
        HfTokenizer pairForm = load(Map.of("model", pairs));
        assertArrayEquals(new int[] {5}, strings.encode("abc"));
        assertArrayEquals(strings.encode("abcab ca"), pairForm.encode("abcab ca"));
    }

    @Test
    void addedTokenIdsFollowTheLibraryNotTheFile() throws IOException {
        // the library re-derives ids: vocabulary id if the content is in the vocabulary, else the next free one
        HfTokenizer t = load(Map.of("added_tokens", List.of(
                Map.of("id", 99, "content", "abc", "special", false),
                Map.of("id", 3, "content", "<x>", "special", false),
                Map.of("id", 1, "content", "<y>", "special", true))));
        assertArrayEquals(new int[] {6, 5, 7, 0}, t.encode("<x>abc<y>a"));
        assertEquals("<x>", t.token(6));
        assertEquals(8, t.vocabSize());
        // without a decoder the library joins tokens with spaces
        assertEquals("<x> abc a", t.decode(new int[] {6, 5, 7, 0}, true));
    }

    /** A tiny BPE over a, b, c, ab, abc, with the given merges. */
    private static Map<String, Object> model(List<String> merges) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("type", "BPE");
        m.put("vocab", Map.of("a", 0, "b", 1, "c", 2, " ", 3, "ab", 4, "abc", 5));
        m.put("merges", merges);
        return m;
    }

    private HfTokenizer load(Map<String, Object> parts) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.set("added_tokens", JSON.createArrayNode());
        root.set("model", JSON.valueToTree(model(List.of())));
        parts.forEach((k, v) -> root.set(k, JSON.valueToTree(v)));
        Path folder = Files.createTempDirectory(dir, "t");
        JSON.writeValue(folder.resolve("tokenizer.json").toFile(), root);
        return Tokenizers.load(folder);
    }

    private void assertError(String message, Map<String, Object> parts) {
        var e = assertThrows(TokenizerFormatException.class, () -> load(parts));
        assertEquals(message, e.getMessage());
    }
}
