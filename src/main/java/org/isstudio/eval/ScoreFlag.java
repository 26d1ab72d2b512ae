package org.isstudio.eval;

/**
 * Something about how an example was tokenised that makes its score differ from what the author meant, although
 * the contest's code would score it the same way without a word.
 */
public record ScoreFlag(Kind kind, String message) {

    public enum Kind {
        /** The text is longer than the contest's 1023 tokens: its end was cut off and other tokens were scored. */
        TRUNCATED,
        /** Close to the limit (over 1000 tokens): a small edit will truncate it. */
        NEAR_LIMIT,
        /**
         * The model reads fewer positions than the contest's 1024 (the demo series reads 128): the start of the prompt
         * was left out so that the class is still scored, as lm-evaluation-harness does.
         */
        CONTEXT_LIMIT,
        /**
         * The class (or completion) tokenised alone differs from the last tokens of {@code prompt + class}, which is
         * what the contest scores: a token merges across the boundary, or the prompt ends in whitespace.
         */
        TOKENIZATION_MISMATCH,
        /** logodds: a class is several tokens, and the contest uses only its last one. */
        MULTI_TOKEN_CLASS,
        /** logodds: both classes end in the same token, so the log-odds are always 0. */
        SAME_CLASS_TOKEN
    }
}
