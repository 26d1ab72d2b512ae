package org.isstudio.eval;

import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.engine.ScoreRequest;
import org.isstudio.engine.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend whose log-probabilities are a known function of the token and its predecessor, so tests can compute the
 * expected metrics independently. {@code strength} scales every log-probability, which gives a family of "models".
 */
final class FakeBackend implements ScoringBackend {

    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger requestsScored = new AtomicInteger();
    private final String name;
    private final double strength;
    private final Tokenizer tokenizer;
    volatile boolean closed;

    FakeBackend(String name, double strength, Tokenizer tokenizer) {
        this.name = name;
        this.strength = strength;
        this.tokenizer = tokenizer;
    }

    /** log P(token | ..., previous): in (-6, -0.1], depending on both ids. */
    static float logprob(double strength, int previous, int token) {
        return (float) (-strength * (0.1 + ((previous * 31 + token * 17) % 59) / 10.0));
    }

    float logprob(int previous, int token) {
        return logprob(strength, previous, token);
    }

    @Override
    public String displayName() {
        return name;
    }

    @Override
    public String cacheIdentity() {
        return "fake:" + name + ":" + strength;
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public List<float[]> score(List<ScoreRequest> requests, Cancellation cancel, Progress progress) {
        calls.incrementAndGet();
        List<float[]> out = new ArrayList<>();
        for (ScoreRequest r : requests) {
            cancel.check();
            float[] lp = new float[r.scoredCount()];
            for (int i = r.from(); i < r.tokens().length; i++) lp[i - r.from()] = logprob(r.tokens()[i - 1], r.tokens()[i]);
            out.add(lp);
            requestsScored.incrementAndGet();
            progress.update(out.size(), requests.size());
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
    }
}
