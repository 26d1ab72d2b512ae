package org.isstudio.ui.services;

import java.util.function.IntFunction;

/**
 * One sequence a model scored for a row, token by token: the prompt it was conditioned on and the continuation
 * whose log-probabilities make the score.
 *
 * @param ids      the whole sequence as it was scored (after truncation)
 * @param from     the index of the first scored token; the ones before are the prompt
 * @param logprobs {@code logprobs[i]} is the natural-log probability of {@code ids[from + i]}
 * @param text     a token's text as the model's tokenizer decodes it (shared by every sequence of the model)
 */
public record TokenSequence(int[] ids, int from, float[] logprobs, IntFunction<String> text) {

    public TokenSequence {
        if (from < 0 || logprobs.length != ids.length - from) {
            throw new IllegalArgumentException("expected " + (ids.length - from) + " log-probabilities from token "
                    + from + ", got " + logprobs.length);
        }
    }

    /** The log-probability of token {@code i} of the sequence, or NaN for a prompt token (it is not scored). */
    public double logprob(int i) {
        return i < from ? Double.NaN : logprobs[i - from];
    }

    /** Whether the sequences have the same prompt (the classes of a classification row share one). */
    public boolean samePrompt(TokenSequence other) {
        return from == other.from && java.util.Arrays.equals(ids, 0, from, other.ids, 0, other.from);
    }
}
