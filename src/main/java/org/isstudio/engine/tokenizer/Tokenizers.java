package org.isstudio.engine.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

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
        Path key = folder.toAbsolutePath().normalize();
        List<String> stamp = stamp(key);
        synchronized (LOADED) {
            Loaded hit = LOADED.get(key);
            if (hit != null && hit.stamp().equals(stamp)) return hit.tokenizer();
        }
        HfTokenizer tokenizer = read(key);
        synchronized (LOADED) {
            LOADED.put(key, new Loaded(stamp, tokenizer));
        }
        return tokenizer;
    }

    /**
     * Tokenizers already read, most recently used last. Scoring opens one model at a time, so every edit reopens the
     * series' other members, and parsing a tokenizer.json costs tens of milliseconds each time; a tokenizer never
     * changes once built (its word cache is concurrent), so one copy serves every model of the folder.
     */
    private static final Map<Path, Loaded> LOADED = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Loaded> eldest) {
            return size() > 4;
        }
    };

    private record Loaded(List<String> stamp, HfTokenizer tokenizer) {
    }

    /**
     * Name and checksum of every JSON and text file in the folder, so a changed file is read afresh (a modification
     * time can miss an edit within its resolution; a CRC of a megabyte costs about a millisecond, parsing it thirty).
     */
    private static List<String> stamp(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            List<String> out = new ArrayList<>();
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (!(name.endsWith(".json") || name.endsWith(".txt")) || !Files.isRegularFile(f)) continue;
                CRC32C crc = new CRC32C();
                crc.update(Files.readAllBytes(f));
                out.add(name + ":" + crc.getValue());
            }
            return out;
        }
    }

    private static HfTokenizer read(Path folder) throws IOException {
        TokenizerConfig config = TokenizerConfig.read(folder);
        Path tokenizerJson = folder.resolve(TOKENIZER_JSON);
        if (Files.isRegularFile(tokenizerJson)) return assemble(TokenizerJson.read(readJson(tokenizerJson)), config, false);
        if (VocabMergesFiles.present(folder)) return assemble(VocabMergesFiles.read(folder, config), config, true);
        throw new TokenizerFormatException(folder + ": no " + TOKENIZER_JSON + " (nor " + VocabMergesFiles.VOCAB + " with "
                + VocabMergesFiles.MERGES + ")");
    }

    /**
     * Reads a lone {@code tokenizer.json} from a stream (such as one shipped compressed inside the application),
     * as transformers loads a folder holding only that file.
     *
     * @param source names the stream in error messages
     */
    public static HfTokenizer read(InputStream tokenizerJson, String source) throws IOException {
        JsonField root;
        try {
            root = JsonField.root(source, JsonField.MAPPER.readTree(tokenizerJson));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new TokenizerFormatException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        return assemble(TokenizerJson.read(root), TokenizerConfig.NONE, false);
    }

    /**
     * Applies what transformers' fast tokenizer adds to the library: the configs' special tokens, the config's
     * add_prefix_space, and the BOS/EOS template where the tokenizer class (Llama-style) or the conversion from
     * vocab.json + merges.txt takes it from the config.
     */
    private static HfTokenizer assemble(TokenizerJson.Parts parts, TokenizerConfig config, boolean converted)
            throws TokenizerFormatException {
        BpeModel model = parts.model();
        AddedTokenIds added = new AddedTokenIds(model);
        for (AddedToken t : parts.addedTokens()) added.add(t);
        for (AddedToken t : config.addedTokensDecoder()) added.addIfAbsent(t);
        // transformers registers every special token of the configs as a special added token
        for (AddedToken t : config.specialTokens().values()) added.addIfAbsent(t);

        PreTokenizer preTokenizer = parts.preTokenizer();
        Boolean prefixSpace = config.forcedAddPrefixSpace();
        if (prefixSpace != null && preTokenizer instanceof PreTokenizer.ByteLevelSplit b && b.addPrefixSpace() != prefixSpace) {
            preTokenizer = new PreTokenizer.ByteLevelSplit(prefixSpace, b.useRegex());
        }

        PostProcessor post = parts.postProcessor();
        String reason;
        if (config.bosEosFromConfig()) {
            boolean addBos = config.addBosToken() == null || config.addBosToken();
            boolean addEos = config.addEosToken() != null && config.addEosToken();
            post = template(config, addBos, addEos, added);
            reason = config.classSource() + ": " + config.tokenizerClass() + " with add_bos_token " + addBos
                    + (config.addBosToken() == null ? " (its default)" : "") + " and add_eos_token " + addEos
                    + "; transformers rebuilds the post-processor from these";
        } else if (converted) {
            boolean addBos = config.addBosToken() != null && config.addBosToken();
            if (addBos) post = template(config, true, false, added);
            reason = TokenizerConfig.FILE + ": add_bos_token " + addBos + (config.addBosToken() == null ? " (the default)" : "")
                    + "; transformers' converter of " + VocabMergesFiles.VOCAB + " + " + VocabMergesFiles.MERGES
                    + " adds a BOS from it";
        } else {
            reason = describe(post, config, added, model);
        }
        List<AddedToken> tokens = added.tokens();
        return new HfTokenizer(new AddedVocabulary(tokens, parts.normalizer()), parts.normalizer(), preTokenizer, model,
                post, parts.decoder(), reason, config.cleanUpTokenizationSpaces());
    }

    /** transformers' {@code bos:0 $A:0 eos:0} template, with the parts the config asks for. */
    private static PostProcessor template(TokenizerConfig config, boolean addBos, boolean addEos, AddedTokenIds added)
            throws TokenizerFormatException {
        List<int[]> pieces = new ArrayList<>();
        if (addBos) pieces.add(new int[] {specialId(config, "bos_token", added)});
        pieces.add(null);
        if (addEos) pieces.add(new int[] {specialId(config, "eos_token", added)});
        return new PostProcessor.Template(pieces);
    }

    private static int specialId(TokenizerConfig config, String role, AddedTokenIds added) throws TokenizerFormatException {
        String content = config.special(role);
        if (content == null) {
            throw new TokenizerFormatException(TokenizerConfig.FILE + ": add_" + role + " is true but no " + role + " is set");
        }
        Integer id = added.id(content);
        if (id == null) throw new TokenizerFormatException(TokenizerConfig.FILE + ": " + role + " '" + content + "' is not in the vocabulary");
        return id;
    }

    private static String describe(PostProcessor post, TokenizerConfig config, AddedTokenIds added, BpeModel model) {
        int[] leading = post == null ? new int[0] : post.leadingIds();
        String what;
        if (leading.length == 0) {
            what = TOKENIZER_JSON + ": the post-processor puts no special token before the text";
        } else {
            String token = added.tokens().stream().filter(t -> t.id() == leading[0]).map(AddedToken::content).findFirst()
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
}
