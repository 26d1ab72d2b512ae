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
 * {@code add_bos_token}/{@code add_eos_token}, {@code add_prefix_space}, special tokens,
 * {@code added_tokens_decoder}), {@code special_tokens_map.json}, and, for the tokenizer class when the
 * config names none, the {@code model_type} of {@code config.json} (as AutoTokenizer falls back to it).
 * Special tokens may be written as strings or as AddedToken objects
 * ({@code {"content": ..., "__type": "AddedToken"}}). The chat template is not used.
 *
 * @param classSource where {@code tokenizerClass} came from, for messages
 */
record TokenizerConfig(String tokenizerClass, String classSource, Boolean addBosToken, Boolean addEosToken,
        Boolean addPrefixSpace, boolean cleanUpTokenizationSpaces, Map<String, AddedToken> specialTokens,
        List<AddedToken> addedTokensDecoder) {

    static final String FILE = "tokenizer_config.json";
    static final String SPECIAL_TOKENS_MAP = "special_tokens_map.json";
    static final String MODEL_CONFIG = "config.json";

    /** AutoTokenizer's fast tokenizer class for a model_type, for the model types whose class matters here. */
    private static final Map<String, String> CLASS_OF_MODEL_TYPE = Map.ofEntries(
            Map.entry("llama", "LlamaTokenizerFast"), Map.entry("mistral", "LlamaTokenizerFast"),
            Map.entry("gemma", "GemmaTokenizerFast"), Map.entry("gpt2", "GPT2TokenizerFast"),
            Map.entry("gpt_neo", "GPT2TokenizerFast"), Map.entry("gptj", "GPT2TokenizerFast"),
            Map.entry("opt", "GPT2TokenizerFast"), Map.entry("gpt_neox", "GPTNeoXTokenizerFast"),
            Map.entry("codegen", "CodeGenTokenizerFast"), Map.entry("bloom", "BloomTokenizerFast"),
            Map.entry("qwen2", "Qwen2TokenizerFast"));

    /**
     * Classes whose fast tokenizer rebuilds a top-level ByteLevel pre-tokenizer with its add_prefix_space
     * argument, false unless the config says otherwise.
     */
    private static final Set<String> PREFIX_SPACE_FROM_CONFIG = Set.of("GPT2Tokenizer", "GPT2TokenizerFast",
            "GPTNeoXTokenizer", "GPTNeoXTokenizerFast", "CodeGenTokenizer", "CodeGenTokenizerFast",
            "BloomTokenizerFast", "RobertaTokenizer", "RobertaTokenizerFast", "BartTokenizer", "BartTokenizerFast");

    /** The special-token attributes of transformers' tokenizers, in its order. */
    private static final List<String> SPECIAL_ROLES =
            List.of("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token");

    /** Tokenizer classes whose fast version rebuilds the post-processor from add_bos_token / add_eos_token. */
    private static final Set<String> BOS_EOS_FROM_CONFIG = Set.of("LlamaTokenizer", "LlamaTokenizerFast",
            "CodeLlamaTokenizer", "CodeLlamaTokenizerFast", "GemmaTokenizer", "GemmaTokenizerFast");

    /** A tokenizer.json without any of the files beside it. */
    static final TokenizerConfig NONE = new TokenizerConfig(null, null, null, null, null, true, Map.of(), List.of());

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
        String classSource = null;
        // transformers (4.33, which the contest-era goldens come from) cleans up by default
        boolean cleanUp = true;
        if (config != null) {
            cleanUp = config.get("clean_up_tokenization_spaces").bool(true);
            tokenizerClass = config.get("tokenizer_class").text(null);
            if (tokenizerClass != null) classSource = FILE;
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
        if (tokenizerClass == null) {
            JsonField model = readOptional(folder.resolve(MODEL_CONFIG));
            String modelType = model == null || !model.isObject() ? null : model.get("model_type").text(null);
            tokenizerClass = modelType == null ? null : CLASS_OF_MODEL_TYPE.get(modelType);
            if (tokenizerClass != null) classSource = MODEL_CONFIG + " (model_type " + modelType + ")";
        }
        return new TokenizerConfig(tokenizerClass, classSource, addBos, addEos, addPrefixSpace, cleanUp, specials,
                decoderTokens);
    }

    /** Whether transformers' fast tokenizer of this class sets BOS/EOS from the config, not from tokenizer.json. */
    boolean bosEosFromConfig() {
        return tokenizerClass != null && BOS_EOS_FROM_CONFIG.contains(tokenizerClass);
    }

    /**
     * The add_prefix_space transformers' fast tokenizer forces on a top-level ByteLevel pre-tokenizer, or null
     * where it leaves the file's setting.
     */
    Boolean forcedAddPrefixSpace() {
        if (tokenizerClass != null && PREFIX_SPACE_FROM_CONFIG.contains(tokenizerClass)) {
            return addPrefixSpace != null && addPrefixSpace;
        }
        return addPrefixSpace;
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
