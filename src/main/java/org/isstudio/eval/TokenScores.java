package org.isstudio.eval;

/**
 * What one scored sequence cost, token by token, so an interface can show which tokens carry the loss.
 *
 * @param tokens   the whole sequence as it was scored (after truncation)
 * @param from     the index of the first scored token
 * @param logprobs {@code logprobs[i]} is the natural-log probability of {@code tokens[from + i]}
 */
public record TokenScores(int[] tokens, int from, float[] logprobs) {

    public TokenScores {
        if (logprobs.length != tokens.length - from) {
            throw new IllegalArgumentException("expected " + (tokens.length - from) + " log-probabilities, got "
                    + logprobs.length);
        }
    }

    /** The sum in double precision, as the contest sums its float32 terms into a Python float. */
    public double sum() {
        double s = 0;
        for (float lp : logprobs) s += lp;
        return s;
    }

    public int[] scoredTokens() {
        return java.util.Arrays.copyOfRange(tokens, from, tokens.length);
    }
}
