package org.isstudio.engine.tokenizer;

import org.isstudio.engine.tokenizer.AddedVocabulary.Segment;
import org.isstudio.engine.tokenizer.PreTokenizer.Piece;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A Hugging Face tokenizer run as the {@code tokenizers} library runs {@code tokenizer.json}: added tokens are
 * cut out first, the rest is normalized, pre-tokenized into words and tokenized word by word by the BPE
 * model; the post-processor then adds the special tokens. Immutable and safe to share between threads.
 * Built by {@link Tokenizers#load}.
 */
public final class HfTokenizer implements Tokenizer {

    private final AddedVocabulary added;
    private final Normalizer normalizer;
    private final PreTokenizer preTokenizer;
    private final BpeModel model;
    private final PostProcessor postProcessor;
    private final Decoder decoder;
    private final BosPolicy bosPolicy;
    private final String bosPolicyReason;
    private final boolean cleanUpTokenizationSpaces;
    private final int vocabSize;

    HfTokenizer(AddedVocabulary added, Normalizer normalizer, PreTokenizer preTokenizer, BpeModel model,
            PostProcessor postProcessor, Decoder decoder, String bosPolicyReason, boolean cleanUpTokenizationSpaces) {
        this.added = added;
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.model = model;
        this.postProcessor = postProcessor;
        this.decoder = decoder;
        this.bosPolicyReason = bosPolicyReason;
        this.cleanUpTokenizationSpaces = cleanUpTokenizationSpaces;
        int[] leading = postProcessor == null ? new int[0] : postProcessor.leadingIds();
        this.vocabSize = Math.max(model.size(),
                added.tokens().stream().mapToInt(t -> t.id() + 1).max().orElse(0));
        this.bosPolicy = leading.length == 0 ? BosPolicy.NONE : new BosPolicy(true, leading[0], token(leading[0]));
    }

    @Override
    public int[] encode(String text) {
        return encode(text, true);
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        IdBuffer ids = new IdBuffer(text.length() / 3 + 4);
        for (Segment s : added.extractAndNormalize(text, normalizer)) {
            if (s.isToken()) {
                ids.add(s.id());
                continue;
            }
            Piece piece = new Piece(s.text(), s.atStart());
            if (preTokenizer == null) {
                ids.addAll(model.tokenize(piece.text()));
            } else {
                for (Piece word : preTokenizer.split(piece)) ids.addAll(model.tokenize(word.text()));
            }
        }
        int[] out = ids.toArray();
        return addSpecialTokens && postProcessor != null ? postProcessor.addSpecialTokens(out) : out;
    }

    /**
     * Decodes as the library does: ids without a token are skipped, special added tokens too when asked, and
     * the decoder joins the rest (without a decoder, tokens are joined with spaces).
     */
    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            if (skipSpecialTokens && added.isSpecial(id)) continue;
            String t = tokenOrNull(id);
            if (t != null) tokens.add(t);
        }
        return decoder == null ? String.join(" ", tokens) : decoder.decode(tokens);
    }

    /**
     * What transformers' {@code tokenizer.decode(ids, skip_special_tokens=...)} returns: the library's decode,
     * then, when the config's {@code clean_up_tokenization_spaces} is on (transformers' default), the removal
     * of spaces before punctuation and English contractions.
     */
    public String decodeAsTransformers(int[] ids, boolean skipSpecialTokens) {
        String text = decode(ids, skipSpecialTokens);
        if (!cleanUpTokenizationSpaces) return text;
        return text.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",")
                .replace(" ' ", "'").replace(" n't", "n't").replace(" 'm", "'m").replace(" 's", "'s")
                .replace(" 've", "'ve").replace(" 're", "'re");
    }

    @Override
    public String token(int id) {
        String t = tokenOrNull(id);
        if (t == null) throw new IllegalArgumentException("no token has id " + id + " (vocabulary size " + vocabSize + ")");
        return t;
    }

    private String tokenOrNull(int id) {
        AddedToken a = added.byId(id);
        return a != null ? a.content() : model.token(id);
    }

    /**
     * The bytes a token stands for: an added token's UTF-8, or the bytes a byte-level vocabulary entry writes in
     * GPT-2's byte-to-character table; empty for an entry of another kind (SentencePiece, WordPiece).
     */
    public Optional<byte[]> tokenBytes(int id) {
        AddedToken a = added.byId(id);
        if (a != null) return Optional.of(a.content().getBytes(StandardCharsets.UTF_8));
        String t = token(id);
        byte[] out = new byte[t.length()];
        for (int i = 0; i < t.length(); i++) {
            int b = ByteLevel.byteOf(t.charAt(i));
            if (b < 0) return Optional.empty();
            out[i] = (byte) b;
        }
        return Optional.of(out);
    }

    /** The id of a token string (an added token's content or a vocabulary entry), or -1. */
    public int id(String token) {
        AddedToken a = added.byContent(token);
        if (a != null) return a.id();
        Integer id = model.id(token);
        return id == null ? -1 : id;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public BosPolicy bosPolicy() {
        return bosPolicy;
    }

    /** Why {@link #bosPolicy()} is what it is: which file and setting decided it. */
    public String bosPolicyReason() {
        return bosPolicyReason;
    }

    /** The added tokens (special and not), by id. */
    public List<AddedToken> addedTokens() {
        return added.tokens();
    }

    /** Whether an id is a special added token (dropped by decoding with skipSpecialTokens). */
    public boolean isSpecial(int id) {
        return added.isSpecial(id);
    }

    /** A growable int array, so encoding long texts does not box every id. */
    private static final class IdBuffer {
        private int[] data;
        private int size;

        IdBuffer(int capacity) {
            data = new int[Math.max(8, capacity)];
        }

        void add(int id) {
            if (size == data.length) data = Arrays.copyOf(data, size * 2);
            data[size++] = id;
        }

        void addAll(int[] ids) {
            if (size + ids.length > data.length) data = Arrays.copyOf(data, Math.max(size * 2, size + ids.length));
            System.arraycopy(ids, 0, data, size, ids.length);
            size += ids.length;
        }

        int[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
