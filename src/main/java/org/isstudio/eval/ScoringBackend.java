package org.isstudio.eval;

import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.engine.ScoreRequest;
import org.isstudio.engine.tokenizer.Tokenizer;

import java.io.IOException;
import java.util.List;

/**
 * Something that returns per-token log-probabilities for token sequences: the local engine or a remote
 * server. Implementations live beside what they adapt (the interface is the consumer's, as with
 * langchain4j's HttpClient).
 */
public interface ScoringBackend extends AutoCloseable {

    /** A short name for people: the model's name or {@code name@server}. */
    String displayName();

    /**
     * Everything that can change a number: weights (content hash or repo + revision), dtype, tokenizer, BOS
     * policy, back end. Two backends with the same identity give the same scores, so it keys the score cache.
     */
    String cacheIdentity();

    /** The tokenizer the token ids of requests are in. */
    Tokenizer tokenizer();

    /**
     * The longest token sequence a request may have (the model's positions), or {@link Integer#MAX_VALUE} when the
     * backend does not know; callers shorten longer texts themselves.
     */
    default int maxPositions() {
        return Integer.MAX_VALUE;
    }

    /**
     * Scores each request: element {@code k} of the result holds {@code requests.get(k).scoredCount()}
     * natural-log probabilities. Polls {@code cancel} between batches.
     */
    List<float[]> score(List<ScoreRequest> requests, Cancellation cancel, Progress progress) throws IOException;

    @Override
    void close();
}
