package org.isstudio.engine;

/**
 * Asks for the log-probability of {@code tokens[i]} given {@code tokens[0..i)} for every {@code i} in
 * {@code [from, tokens.length)}. Requests that share a prefix (the classes of one example, the examples of
 * a few-shot task) are scored as a prefix tree, so the shared part is computed once.
 */
public record ScoreRequest(int[] tokens, int from) {
    public ScoreRequest {
        if (from < 1 || from > tokens.length) {
            throw new IllegalArgumentException("from must be in [1, " + tokens.length + "], was " + from
                    + " (the first token has no context to be scored in)");
        }
    }

    public int scoredCount() {
        return tokens.length - from;
    }
}
