package org.isstudio.engine.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads the tokenizer of a Hugging Face model folder the way transformers' {@code AutoTokenizer} (fast) does.
 *
 * <p>Why a Java implementation of the {@code tokenizers} library rather than the library itself through DJL's
 * binding ({@code ai.djl.huggingface:tokenizers}): both give the golden ids on every case
 * ({@code GoldenTokenizerTest}, {@code DjlCrossCheckTest}), and they agree on thousands of random texts full of
 * edge cases, decodes included. With equal results, this one wins on what remains: it needs no native
 * library (DJL's jar carries 14 MB of it per platform, and only for four platforms) and no native access,
 * it has no default 512-token truncation to turn off, it also does what transformers adds on top of the
 * library (Llama-style add_bos_token/add_eos_token, special tokens from the configs, vocab.json + merges.txt
 * folders), and it encoded 4.5-9 times more tokens per second than the library through DJL in one run
 * ({@code TokenizerThroughput}). DJL stays as the test-time reference.
 */
public final class Tokenizers {

    static final String TOKENIZER_JSON = "tokenizer.json";

    private Tokenizers() {
    }

    /**
     * Reads {@code tokenizer.json} (or, for older GPT-2-style folders, {@code vocab.json} + {@code merges.txt}),
     * with {@code tokenizer_config.json} and {@code special_tokens_map.json} when present.
     *
     * @param folder a model or tokenizer folder, or a tokenizer.json file
     * @throws TokenizerFormatException when a file is malformed or uses an unsupported component (the message
     *                                  names the file and field)
     */
    public static HfTokenizer load(Path folder) throws IOException {
        if (Files.isRegularFile(folder)) folder = folder.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) throw new TokenizerFormatException(folder + ": no such folder");
        TokenizerConfig config = TokenizerConfig.read(folder);
        TokenizerJson.Parts parts;
        Path tokenizerJson = folder.resolve(TOKENIZER_JSON);
        if (Files.isRegularFile(tokenizerJson)) {
            parts = TokenizerJson.read(readJson(tokenizerJson));
        } else if (Files.isRegularFile(folder.resolve(Gpt2Files.VOCAB)) && Files.isRegularFile(folder.resolve(Gpt2Files.MERGES))) {
            parts = Gpt2Files.read(folder, config);
        } else {
            throw new TokenizerFormatException(folder + ": no " + TOKENIZER_JSON + " (nor " + Gpt2Files.VOCAB + " with "
                    + Gpt2Files.MERGES + ")");
        }
        return assemble(parts, config);
    }

    private static HfTokenizer assemble(TokenizerJson.Parts parts, TokenizerConfig config) throws TokenizerFormatException {
        BpeModel model = parts.model();
        List<AddedToken> added = withConfigTokens(parts.addedTokens(), config, model);
        PreTokenizer preTokenizer = parts.preTokenizer();
        // GPT2TokenizerFast and its relatives rebuild a top-level ByteLevel pre-tokenizer with the config's
        // add_prefix_space
        if (config.addPrefixSpace() != null && preTokenizer instanceof PreTokenizer.ByteLevelSplit b
                && b.addPrefixSpace() != config.addPrefixSpace()) {
            preTokenizer = new PreTokenizer.ByteLevelSplit(config.addPrefixSpace(), b.useRegex());
        }
        PostProcessor post = parts.postProcessor();
        String reason;
        if (config.bosEosFromConfig()) {
            boolean addBos = config.addBosToken() == null || config.addBosToken();
            boolean addEos = config.addEosToken() != null && config.addEosToken();
            post = configTemplate(config, addBos, addEos, added, model);
            reason = TokenizerConfig.FILE + ": " + config.tokenizerClass() + " with add_bos_token " + addBos
                    + (config.addBosToken() == null ? " (its default)" : "") + " and add_eos_token " + addEos
                    + "; transformers rebuilds the post-processor from these";
        } else {
            reason = describe(post, config, added, model);
        }
        AddedVocabulary vocabulary = new AddedVocabulary(added, parts.normalizer());
        return new HfTokenizer(vocabulary, parts.normalizer(), preTokenizer, model, post, parts.decoder(), reason,
                config.cleanUpTokenizationSpaces());
    }

    /**
     * The added tokens as the library and transformers register them: the file's, in file order, then those of
     * {@code added_tokens_decoder} and the special tokens named in the configs that are not there yet
     * (transformers registers every special token as a special added token, so it is matched in text).
     */
    private static List<AddedToken> withConfigTokens(List<AddedToken> fromFile, TokenizerConfig config, BpeModel model) {
        AddedTokenIds ids = new AddedTokenIds(model);
        for (AddedToken t : fromFile) ids.add(t);
        for (AddedToken t : config.addedTokensDecoder()) ids.addIfAbsent(t);
        for (AddedToken t : config.specialTokens().values()) ids.addIfAbsent(t);
        return ids.tokens();
    }

    /**
     * The library's rule for added-token ids, which ignores the ids written in the file: a token whose content
     * is already known keeps that id (an earlier added token's, else the vocabulary's), a new one gets the
     * next id after the vocabulary and the added tokens so far. For files the library wrote, that gives the
     * written ids back; for hand-edited ones it gives what transformers uses.
     */
    private static final class AddedTokenIds {
        private final BpeModel model;
        private final Map<String, AddedToken> byContent = new java.util.LinkedHashMap<>();
        private int maxId = -1;

        AddedTokenIds(BpeModel model) {
            this.model = model;
        }

        void add(AddedToken t) {
            if (t.content().isEmpty()) return;
            AddedToken known = byContent.get(t.content());
            int id;
            if (known != null) {
                id = known.id();
            } else if (model.id(t.content()) != null) {
                id = model.id(t.content());
            } else {
                int vocab = model.entries();
                id = maxId < 0 ? vocab : (maxId >= vocab || vocab == 0 ? maxId + 1 : vocab);
            }
            // once special, a content stays special, as in the library's set of special tokens
            boolean special = t.special() || (known != null && known.special());
            byContent.put(t.content(), new AddedToken(id, t.content(), t.singleWord(), t.lstrip(), t.rstrip(),
                    t.normalized(), special));
            maxId = Math.max(maxId, id);
        }

        void addIfAbsent(AddedToken t) {
            if (!byContent.containsKey(t.content())) add(t);
        }

        List<AddedToken> tokens() {
            return new ArrayList<>(byContent.values());
        }
    }

    private static PostProcessor configTemplate(TokenizerConfig config, boolean addBos, boolean addEos,
            List<AddedToken> added, BpeModel model) throws TokenizerFormatException {
        List<int[]> pieces = new ArrayList<>();
        if (addBos) pieces.add(new int[] {specialId(config, "bos_token", added, model)});
        pieces.add(null);
        if (addEos) pieces.add(new int[] {specialId(config, "eos_token", added, model)});
        return new PostProcessor.Template(pieces);
    }

    private static int specialId(TokenizerConfig config, String role, List<AddedToken> added, BpeModel model)
            throws TokenizerFormatException {
        String content = config.special(role);
        if (content == null) {
            throw new TokenizerFormatException(TokenizerConfig.FILE + ": add_" + role + " is true but no " + role + " is set");
        }
        for (AddedToken t : added) if (t.content().equals(content)) return t.id();
        Integer id = model.id(content);
        if (id == null) throw new TokenizerFormatException(TokenizerConfig.FILE + ": " + role + " '" + content + "' is not in the vocabulary");
        return id;
    }

    private static String describe(PostProcessor post, TokenizerConfig config, List<AddedToken> added, BpeModel model) {
        int[] leading = post == null ? new int[0] : post.leadingIds();
        String what;
        if (leading.length == 0) {
            what = TOKENIZER_JSON + ": the post-processor puts no special token before the text";
        } else {
            String token = added.stream().filter(t -> t.id() == leading[0]).map(AddedToken::content).findFirst()
                    .orElse(model.token(leading[0]));
            what = TOKENIZER_JSON + ": the post-processor puts " + token + " (id " + leading[0] + ") before the text";
        }
        if (config.addBosToken() != null && config.addBosToken() != (leading.length > 0)) {
            what += " (" + TokenizerConfig.FILE + " says add_bos_token " + config.addBosToken()
                    + ", which transformers' fast " + (config.tokenizerClass() == null ? "tokenizer" : config.tokenizerClass())
                    + " does not apply)";
        }
        return what;
    }

    static JsonField readJson(Path file) throws IOException {
        try {
            return JsonField.root(file.getFileName().toString(), JsonField.MAPPER.readTree(file.toFile()));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new TokenizerFormatException(file.getFileName() + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The GPT-2 layout from before tokenizer.json ({@code vocab.json} + {@code merges.txt}, as
     * {@code facebook/opt-*} still ships), built as transformers' GPT2Converter builds it: byte-level BPE with
     * the config's add_prefix_space, and a BOS template when add_bos_token is set.
     */
    private static final class Gpt2Files {
        static final String VOCAB = "vocab.json";
        static final String MERGES = "merges.txt";
        static final String ADDED = "added_tokens.json";

        static TokenizerJson.Parts read(Path folder, TokenizerConfig config) throws IOException {
            Map<String, Integer> vocab = TokenizerJson.vocab(readJson(folder.resolve(VOCAB)));
            List<String> lines = Files.readAllLines(folder.resolve(MERGES), StandardCharsets.UTF_8);
            MergeTable merges = new MergeTable(lines.size());
            int rank = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isEmpty() || (i == 0 && line.startsWith("#version"))) continue;
                JsonField where = JsonField.located(MERGES, "line " + (i + 1));
                String[] parts = line.split(" ", -1);
                if (parts.length != 2) throw where.error("expected two tokens separated by one space, found '" + line + "'");
                TokenizerJson.addMerge(merges, vocab, parts[0], parts[1], "", rank++, where);
            }
            BpeModel model = new BpeModel(vocab, merges, -1, false, false, false, "", "");
            List<AddedToken> added = new ArrayList<>();
            if (Files.isRegularFile(folder.resolve(ADDED))) {
                JsonField file = readJson(folder.resolve(ADDED));
                for (Map.Entry<String, Integer> e : TokenizerJson.vocab(file).entrySet()) {
                    added.add(new AddedToken(e.getValue(), e.getKey(), false, false, false, true, false));
                }
            }
            boolean addPrefixSpace = config.addPrefixSpace() != null && config.addPrefixSpace();
            PostProcessor post = new PostProcessor.ByteLevelOffsets();
            if (config.addBosToken() != null && config.addBosToken()) {
                List<AddedToken> withSpecials = withConfigTokens(added, config, model);
                List<int[]> pieces = new ArrayList<>();
                pieces.add(new int[] {specialId(config, "bos_token", withSpecials, model)});
                pieces.add(null);
                post = new PostProcessor.Template(pieces);
            }
            return new TokenizerJson.Parts(added, null, new PreTokenizer.ByteLevelSplit(addPrefixSpace, true), model,
                    post, new Decoder.ByteLevelDecoder());
        }
    }
}
