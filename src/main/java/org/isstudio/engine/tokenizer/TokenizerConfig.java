package org.isstudio.engine.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What transformers reads beside {@code tokenizer.json}: {@code tokenizer_config.json} (tokenizer class,
 * {@code add_bos_token}/{@code add_eos_token}, special tokens, {@code added_tokens_decoder}) and
 * {@code special_tokens_map.json}. Special tokens may be written as strings or as AddedToken objects
 * ({@code {"content": ..., "__type": "AddedToken"}}). The chat template is not used.
 */
record TokenizerConfig(String tokenizerClass, Boolean addBosToken, Boolean addEosToken, Boolean addPrefixSpace,
        boolean cleanUpTokenizationSpaces, Map<String, AddedToken> specialTokens, List<AddedToken> addedTokensDecoder) {

    static final String FILE = "tokenizer_config.json";
    static final String SPECIAL_TOKENS_MAP = "special_tokens_map.json";

    /** The special-token attributes of transformers' tokenizers, in its order. */
    private static final List<String> SPECIAL_ROLES =
            List.of("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token");

    /** Tokenizer classes whose fast version rebuilds the post-processor from add_bos_token / add_eos_token. */
    private static final Set<String> BOS_EOS_FROM_CONFIG = Set.of("LlamaTokenizer", "LlamaTokenizerFast",
            "CodeLlamaTokenizer", "CodeLlamaTokenizerFast", "GemmaTokenizer", "GemmaTokenizerFast");

    static TokenizerConfig read(Path folder) throws IOException {
        JsonField config = readOptional(folder.resolve(FILE));
        JsonField map = readOptional(folder.resolve(SPECIAL_TOKENS_MAP));
        Map<String, AddedToken> specials = new LinkedHashMap<>();
        // special_tokens_map.json is written last by transformers and wins over tokenizer_config.json
        for (JsonField source : java.util.Arrays.asList(config, map)) {
            if (source == null) continue;
            for (String role : SPECIAL_ROLES) {
                AddedToken t = special(source.get(role));
                if (t != null) specials.put(role, t);
            }
            JsonField extra = source.get("additional_special_tokens");
            if (!extra.isNull()) {
                List<JsonField> list = extra.elements();
                for (int i = 0; i < list.size(); i++) {
                    AddedToken t = special(list.get(i));
                    if (t != null) specials.put("additional_special_tokens[" + i + "]", t);
                }
            }
        }
        List<AddedToken> decoderTokens = new ArrayList<>();
        String tokenizerClass = null;
        Boolean addBos = null;
        Boolean addEos = null;
        Boolean addPrefixSpace = null;
        // transformers (4.33, which the contest-era goldens come from) cleans up by default
        boolean cleanUp = true;
        if (config != null) {
            cleanUp = config.get("clean_up_tokenization_spaces").bool(true);
            tokenizerClass = config.get("tokenizer_class").text(null);
            addBos = config.has("add_bos_token") ? config.get("add_bos_token").bool(false) : null;
            addEos = config.has("add_eos_token") ? config.get("add_eos_token").bool(false) : null;
            addPrefixSpace = config.has("add_prefix_space") ? config.get("add_prefix_space").bool(false) : null;
            JsonField decoder = config.get("added_tokens_decoder");
            if (decoder.isObject()) {
                for (var entry : decoder.node().properties()) {
                    String id = entry.getKey();
                    JsonField t = decoder.get(id);
                    int parsed;
                    try {
                        parsed = Integer.parseInt(id);
                    } catch (NumberFormatException e) {
                        throw t.error("expected an integer id as the key");
                    }
                    boolean special = t.get("special").bool(false);
                    decoderTokens.add(new AddedToken(parsed, t.get("content").text(), t.get("single_word").bool(false),
                            t.get("lstrip").bool(false), t.get("rstrip").bool(false), t.get("normalized").bool(!special),
                            special));
                }
            }
        }
        return new TokenizerConfig(tokenizerClass, addBos, addEos, addPrefixSpace, cleanUp, specials, decoderTokens);
    }

    /** Whether transformers' fast tokenizer of this class sets BOS/EOS from the config, not from tokenizer.json. */
    boolean bosEosFromConfig() {
        return tokenizerClass != null && BOS_EOS_FROM_CONFIG.contains(tokenizerClass);
    }

    /** The content of a special-token role (e.g. "bos_token"), or null. */
    String special(String role) {
        AddedToken t = specialTokens.get(role);
        return t == null ? null : t.content();
    }

    /** A special token as written (string or object), with id -1 until it is resolved; null when absent. */
    private static AddedToken special(JsonField f) throws TokenizerFormatException {
        if (f.isNull()) return null;
        if (f.node().isTextual()) return new AddedToken(-1, f.text(), false, false, false, false, true);
        if (!f.isObject()) throw f.error("expected a token string or an AddedToken object");
        return new AddedToken(-1, f.get("content").text(), f.get("single_word").bool(false), f.get("lstrip").bool(false),
                f.get("rstrip").bool(false), f.get("normalized").bool(false), true);
    }

    private static JsonField readOptional(Path file) throws IOException {
        return Files.isRegularFile(file) ? Tokenizers.readJson(file) : null;
    }
}
