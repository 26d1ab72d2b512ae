package org.isstudio.engine.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The engine's own thread pool. Not the common pool, which a desktop application shares with everything else
 * (parallel streams, CompletableFuture defaults): a scoring run must neither starve nor be starved by them.
 */
public final class Parallel implements AutoCloseable {

    private final ForkJoinPool pool;

    public Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        AtomicInteger started = new AtomicInteger();
        this.pool = new ForkJoinPool(threads, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            // numbered here: the pool index is not assigned yet when the factory runs, so every worker was "-0"
            t.setName("isstudio-engine-" + started.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    /** One worker per core: prefill is compute-bound and scales with cores. */
    public static Parallel perCore() {
        return new Parallel(Runtime.getRuntime().availableProcessors());
    }

    public int threads() {
        return pool.getParallelism();
    }

    /** Runs {@code body(i)} for every {@code i} in {@code [0, count)}, in parallel, and waits for all. */
    public void forEach(int count, IntConsumer body) {
        if (count <= 0) return;
        if (count == 1 || threads() == 1) {
            for (int i = 0; i < count; i++) body.accept(i);
        } else if (insidePool()) {
            new Range(0, count, body).invoke();
        } else {
            pool.invoke(new Range(0, count, body));
        }
    }

    /**
     * Runs {@code body(from, to)} over {@code [0, count)} cut into about four chunks per thread, for loops
     * whose single iterations are too small to be tasks of their own.
     */
    public void forChunks(int count, RangeBody body) {
        int chunks = Math.min(count, threads() * 4);
        if (chunks <= 1) {
            if (count > 0) body.run(0, count);
            return;
        }
        forEach(chunks, c -> body.run((int) ((long) count * c / chunks), (int) ((long) count * (c + 1) / chunks)));
    }

    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private boolean insidePool() {
        return Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == pool;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private static final class Range extends RecursiveAction {
        private final int from;
        private final int to;
        private final IntConsumer body;

        Range(int from, int to, IntConsumer body) {
            this.from = from;
            this.to = to;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                body.accept(from);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Range(from, mid, body), new Range(mid, to, body));
        }
    }
}
