package org.isstudio.engine.tokenizer;

/**
 * A Hugging Face tokenizer as {@code tokenizer.json} describes it. {@link #encode(String)} is what
 * {@code tokenizer(text)["input_ids"]} returns in transformers (special tokens added by the post-processor,
 * so a BOS where the model's tokenizer adds one); the BOS policy is explicit because BOS mistakes are the
 * commonest cause of wrong scores.
 */
public interface Tokenizer {

    /** Encodes with the post-processor's special tokens (add_special_tokens=True). */
    int[] encode(String text);

    /** Encodes with or without the post-processor's special tokens. */
    int[] encode(String text, boolean addSpecialTokens);

    /** Decodes ids to text; special tokens are dropped when {@code skipSpecialTokens}. */
    String decode(int[] ids, boolean skipSpecialTokens);

    /** The vocabulary entry of an id as stored (e.g. {@code "Ġworld"}, {@code "▁Hello"}, {@code "<0x0A>"}). */
    String token(int id);

    /** Number of ids the tokenizer can produce (vocabulary plus added tokens). */
    int vocabSize();

    /** Whether {@link #encode(String)} puts a BOS first, and which. */
    BosPolicy bosPolicy();

    /** @param addsBos whether encoding adds a BOS; @param bosId its id, or -1; @param bosToken its text, or "" */
    record BosPolicy(boolean addsBos, int bosId, String bosToken) {
        public static final BosPolicy NONE = new BosPolicy(false, -1, "");

        /** The contest code's {@code correction_for_start_token}: 1 when a BOS is prepended, else 0. */
        public int startTokenCorrection() {
            return addsBos ? 1 : 0;
        }
    }
}
