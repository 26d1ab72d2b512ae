package org.isstudio.eval.cache;

import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.engine.ScoreRequest;
import org.isstudio.engine.tokenizer.Tokenizer;
import org.isstudio.eval.ScoringBackend;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A backend that answers from a {@link ScoreCache} what it can and sends only the rest to the backend it wraps, in
 * one call, storing what comes back. Closing it closes the wrapped backend, not the cache (which is shared).
 */
public final class CachingBackend implements ScoringBackend {

    private final ScoringBackend delegate;
    private final ScoreCache cache;

    public CachingBackend(ScoringBackend delegate, ScoreCache cache) {
        this.delegate = delegate;
        this.cache = cache;
    }

    @Override
    public String displayName() {
        return delegate.displayName();
    }

    @Override
    public String cacheIdentity() {
        return delegate.cacheIdentity();
    }

    @Override
    public Tokenizer tokenizer() {
        return delegate.tokenizer();
    }

    @Override
    public int maxPositions() {
        return delegate.maxPositions();
    }

    @Override
    public List<float[]> score(List<ScoreRequest> requests, Cancellation cancel, Progress progress) throws IOException {
        String identity = delegate.cacheIdentity();
        float[][] out = new float[requests.size()][];
        List<ScoreRequest> missing = new ArrayList<>();
        List<Integer> missingAt = new ArrayList<>();
        cache.refresh();
        for (int k = 0; k < requests.size(); k++) {
            out[k] = cache.get(identity, requests.get(k));
            if (out[k] == null) {
                missing.add(requests.get(k));
                missingAt.add(k);
            }
        }
        int cached = requests.size() - missing.size();
        progress.update(cached, requests.size());
        if (!missing.isEmpty()) {
            List<float[]> scored = delegate.score(missing, cancel,
                    (done, total) -> progress.update(cached + Math.round((double) done / Math.max(1, total) * missing.size()),
                            requests.size()));
            if (scored.size() != missing.size()) {
                throw new IOException(delegate.displayName() + " returned " + scored.size() + " results for "
                        + missing.size() + " requests");
            }
            for (int j = 0; j < scored.size(); j++) {
                out[missingAt.get(j)] = scored.get(j);
                cache.put(identity, missing.get(j), scored.get(j));
            }
        }
        progress.update(requests.size(), requests.size());
        return Arrays.asList(out);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
