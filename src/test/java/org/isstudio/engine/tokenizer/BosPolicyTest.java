package org.isstudio.engine.tokenizer;

import org.isstudio.engine.tokenizer.Tokenizer.BosPolicy;
import org.isstudio.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.isstudio.engine.tokenizer.GoldenTokenizerTest.tokenizer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whether and which BOS each flavour adds, and how tokenizer_config.json changes it where transformers lets it. */
class BosPolicyTest {

    @TempDir
    Path dir;

    @Test
    void eachFlavourHasTheBosTransformersAdds() {
        assertEquals(BosPolicy.NONE, tokenizer("gpt2").bosPolicy());
        assertEquals(BosPolicy.NONE, tokenizer("gpt2-nfc").bosPolicy());
        assertEquals(new BosPolicy(true, 50256, "<|endoftext|>"), tokenizer("gpt2-bos").bosPolicy());
        assertEquals(new BosPolicy(true, 2, "</s>"), tokenizer("opt").bosPolicy());
        assertEquals(new BosPolicy(true, 1, "<s>"), tokenizer("llama2").bosPolicy());
        assertEquals(new BosPolicy(true, 128000, "<|begin_of_text|>"), tokenizer("llama3").bosPolicy());
        assertEquals(0, tokenizer("gpt2").bosPolicy().startTokenCorrection());
        assertEquals(1, tokenizer("opt").bosPolicy().startTokenCorrection());
    }

    @Test
    void encodeWithoutSpecialTokensLeavesTheBosOut() {
        assertArrayEquals(new int[] {15043, 3186}, tokenizer("llama2").encode("Hello world", false));
        assertArrayEquals(new int[] {2, 15500, 999}, tokenizer("opt").encode("Hello world"));
        assertArrayEquals(new int[] {15500, 999}, tokenizer("opt").encode("Hello world", false));
        assertArrayEquals(new int[] {}, tokenizer("llama3").encode("", false));
        assertArrayEquals(new int[] {128000}, tokenizer("llama3").encode(""));
    }

    @Test
    void llamaConfigsDecideBosAndEosAsTransformersRebuildsThem() throws IOException {
        Path llama = copyTokenizerJson("llama2");
        writeConfig(llama, """
                {"tokenizer_class": "LlamaTokenizer", "add_bos_token": false, "add_eos_token": true,
                 "bos_token": "<s>", "eos_token": "</s>"}""");
        HfTokenizer t = Tokenizers.load(llama);
        assertEquals(BosPolicy.NONE, t.bosPolicy());
        assertArrayEquals(new int[] {15043, 2}, t.encode("Hello"));
        assertTrue(t.bosPolicyReason().contains("add_bos_token false"), t.bosPolicyReason());

        // without the keys, LlamaTokenizerFast's defaults apply: BOS yes, EOS no
        writeConfig(llama, """
                {"tokenizer_class": "LlamaTokenizerFast", "bos_token": "<s>", "eos_token": "</s>"}""");
        assertEquals(new BosPolicy(true, 1, "<s>"), Tokenizers.load(llama).bosPolicy());
        assertArrayEquals(new int[] {1, 15043}, Tokenizers.load(llama).encode("Hello"));
    }

    @Test
    void otherClassesKeepTheFilesPostProcessorAndSaySoWhenTheConfigDisagrees() throws IOException {
        Path gpt2 = copyTokenizerJson("gpt2");
        writeConfig(gpt2, """
                {"tokenizer_class": "GPT2Tokenizer", "add_bos_token": true, "bos_token": "<|endoftext|>"}""");
        HfTokenizer t = Tokenizers.load(gpt2);
        assertEquals(BosPolicy.NONE, t.bosPolicy());
        assertTrue(t.bosPolicyReason().contains("add_bos_token true"), t.bosPolicyReason());
    }

    @Test
    void withoutATokenizerClassTheModelTypeDecidesAsAutoTokenizerDoes() throws IOException {
        Path folder = copyTokenizerJson("gpt2");
        Files.writeString(folder.resolve("special_tokens_map.json"), """
                {"bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>"}""");
        assertEquals(BosPolicy.NONE, Tokenizers.load(folder).bosPolicy());
        // a llama model_type means LlamaTokenizerFast, which adds a BOS by default
        Files.writeString(folder.resolve("config.json"), """
                {"model_type": "llama", "vocab_size": 50257}""");
        HfTokenizer t = Tokenizers.load(folder);
        assertEquals(new BosPolicy(true, 50256, "<|endoftext|>"), t.bosPolicy());
        assertTrue(t.bosPolicyReason().startsWith("config.json (model_type llama): LlamaTokenizerFast"), t.bosPolicyReason());
    }

    @Test
    void gpt2ClassesForceTheirAddPrefixSpaceOnAByteLevelPreTokenizer() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("prefix"));
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(
                Golden.tokenizerDir("gpt2").resolve("tokenizer.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("pre_tokenizer")).put("add_prefix_space", true);
        mapper.writeValue(folder.resolve("tokenizer.json").toFile(), root);
        // the file's own setting: "Hello" becomes "ĠHello"
        assertArrayEquals(new int[] {18435}, Tokenizers.load(folder).encode("Hello"));
        // GPT2TokenizerFast rebuilds the pre-tokenizer with its argument, false unless configured
        writeConfig(folder, """
                {"tokenizer_class": "GPT2Tokenizer"}""");
        assertArrayEquals(new int[] {15496}, Tokenizers.load(folder).encode("Hello"));
        writeConfig(folder, """
                {"tokenizer_class": "GPT2Tokenizer", "add_prefix_space": true}""");
        assertArrayEquals(new int[] {18435}, Tokenizers.load(folder).encode("Hello"));
    }

    @Test
    void llamaWithAddBosButNoBosTokenIsAClearError() throws IOException {
        Path llama = copyTokenizerJson("llama2");
        writeConfig(llama, """
                {"tokenizer_class": "LlamaTokenizer", "add_bos_token": true}""");
        var e = org.junit.jupiter.api.Assertions.assertThrows(TokenizerFormatException.class, () -> Tokenizers.load(llama));
        assertEquals("tokenizer_config.json: add_bos_token is true but no bos_token is set", e.getMessage());
    }

    private Path copyTokenizerJson(String flavour) throws IOException {
        Path target = Files.createDirectories(dir.resolve(flavour));
        Files.copy(Golden.tokenizerDir(flavour).resolve("tokenizer.json"), target.resolve("tokenizer.json"));
        return target;
    }

    private static void writeConfig(Path folder, String json) throws IOException {
        Files.writeString(folder.resolve("tokenizer_config.json"), json);
    }
}
