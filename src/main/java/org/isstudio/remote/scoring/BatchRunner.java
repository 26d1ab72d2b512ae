package org.isstudio.remote.scoring;

import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.engine.ScoreRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends batches of requests to a server with at most {@code concurrency} in flight, reports progress in
 * requests, and stops submitting when cancelled (batches already sent are let finish, so none is wasted
 * half-way). The first failure stops the run.
 */
public final class BatchRunner {

    /**
     * Prompts per request, tokens per request, and requests in flight. Larger requests cost fewer round trips;
     * OpenAI's API takes at most {@value #MAX_PROMPTS} prompts in one, far more than any server batches usefully.
     */
    public record Limits(int batchSize, int maxBatchTokens, int concurrency) {
        static final int MAX_PROMPTS = 2048;

        public Limits {
            if (batchSize < 1 || batchSize > MAX_PROMPTS) {
                throw new IllegalArgumentException("batchSize must be in [1, " + MAX_PROMPTS + "] (the API's limit), was " + batchSize);
            }
            if (maxBatchTokens < 1 || concurrency < 1) throw new IllegalArgumentException("maxBatchTokens and concurrency must be positive");
        }
    }

    /** Scores one batch; element k of the answer belongs to element k of the batch. */
    @FunctionalInterface
    interface BatchScorer {
        List<float[]> score(List<ScoreRequest> batch) throws IOException;
    }

    private BatchRunner() {
    }

    /** Consecutive groups of at most {@code maxRequests} requests and {@code maxTokens} tokens (a longer request goes alone). */
    static List<List<ScoreRequest>> batches(List<ScoreRequest> requests, int maxRequests, int maxTokens) {
        List<List<ScoreRequest>> out = new ArrayList<>();
        List<ScoreRequest> current = new ArrayList<>();
        int tokens = 0;
        for (ScoreRequest r : requests) {
            if (!current.isEmpty() && (current.size() == maxRequests || tokens + r.tokens().length > maxTokens)) {
                out.add(current);
                current = new ArrayList<>();
                tokens = 0;
            }
            current.add(r);
            tokens += r.tokens().length;
        }
        if (!current.isEmpty()) out.add(current);
        return out;
    }

    /** Splits the requests into batches within the limits and scores them, at most {@code concurrency} at once. */
    static List<float[]> run(List<ScoreRequest> requests, Limits limits, BatchScorer scorer, Cancellation cancel,
                             Progress progress) throws IOException {
        return run(batches(requests, limits.batchSize(), limits.maxBatchTokens()), limits.concurrency(), scorer, cancel, progress);
    }

    static List<float[]> run(List<List<ScoreRequest>> batches, int concurrency, BatchScorer scorer,
                             Cancellation cancel, Progress progress) throws IOException {
        long total = batches.stream().mapToLong(List::size).sum();
        AtomicLong done = new AtomicLong();
        Object progressLock = new Object();
        Semaphore slots = new Semaphore(concurrency);
        List<Future<List<float[]>>> futures = new ArrayList<>();
        boolean cancelled = false;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (List<ScoreRequest> batch : batches) {
                slots.acquire();
                if (cancel.isCancelled() || futures.stream().anyMatch(BatchRunner::failed)) {
                    slots.release();
                    cancelled = cancel.isCancelled();
                    break;
                }
                futures.add(pool.submit(() -> {
                    try {
                        List<float[]> scores = scorer.score(batch);
                        if (scores.size() != batch.size()) throw new IllegalStateException("batch answer of the wrong size");
                        // callers' progress listeners need not be thread-safe: report one batch at a time
                        synchronized (progressLock) {
                            progress.update(done.addAndGet(batch.size()), total);
                        }
                        return scores;
                    } finally {
                        slots.release();
                    }
                }));
            }
            List<float[]> out = new ArrayList<>();
            for (Future<List<float[]>> f : futures) out.addAll(f.get());
            if (cancelled) throw new CancellationException("cancelled");
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while scoring on the server");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IOException(e.getCause());
        }
    }

    private static boolean failed(Future<?> f) {
        return f.state() == Future.State.FAILED;
    }
}
