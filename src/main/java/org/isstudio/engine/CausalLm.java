package org.isstudio.engine;

import org.isstudio.engine.arch.Architectures;
import org.isstudio.engine.arch.KvNode;
import org.isstudio.engine.arch.Transformer;
import org.isstudio.engine.kernel.Kernels;
import org.isstudio.engine.kernel.Parallel;
import org.isstudio.engine.load.HfConfig;
import org.isstudio.engine.load.ModelFiles;
import org.isstudio.engine.load.TensorStore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A Hugging Face causal language model loaded for scoring: the log-probability of each token given the
 * tokens before it, {@code log_softmax(logits)} over the full configured vocabulary.
 *
 * <p>Scoring is prefill only, organised for throughput: requests are merged into a {@link PrefixTree}, so a
 * prompt shared by classes or examples is run once and its key/value cache is read by every continuation;
 * the runs of one tree level go through the layers together as one batch of rows; and the vocabulary-sized
 * output projection is computed only at the positions whose next token is asked for.
 *
 * <p>The weights stay memory-mapped, except that the SIMD kernels keep F32 weights packed on the heap (see
 * {@link org.isstudio.engine.kernel.Matrix}); {@link #close()} unmaps them. A model may be used from one thread at a
 * time; its forward passes use the engine's own thread pool.
 */
public final class CausalLm implements AutoCloseable {

    /**
     * Most rows per forward pass, for models up to GPT-2-small's size: each weight read from memory feeds that
     * many rows (2,048 scored 4% more tokens/s than 1,024 on GPT-2-small). Larger models take proportionally
     * fewer, down to {@link #MIN_BATCH_ROWS}, so a pass, and so a cancellation or a progress step, takes about
     * as long whatever the model.
     */
    static final int BATCH_ROWS = 2048;
    static final int MIN_BATCH_ROWS = 512;
    /** GPT-2-small's multiply-adds per token, the size {@link #BATCH_ROWS} is for. */
    private static final double REFERENCE_MACS = 124e6;
    /** Vocabulary entries whose logits are computed at once, for all rows of a batch. */
    private static final int VOCAB_SLICE = 4096;

    private static volatile Parallel sharedPool;

    private final Path folder;
    private final HfConfig config;
    private final TensorStore store;
    private final Transformer model;
    private final Set<String> unusedTensors;
    private final Kernels kernels;
    private final Parallel parallel;
    private final int batchRows;

    private CausalLm(Path folder, HfConfig config, TensorStore store, Architectures.Loaded loaded, Kernels kernels, Parallel parallel) {
        this.folder = folder;
        this.config = config;
        this.store = store;
        this.model = loaded.model().runOn(kernels, parallel);
        this.unusedTensors = loaded.unusedTensors();
        this.kernels = kernels;
        this.parallel = parallel;
        this.batchRows = batchRows(config);
    }

    /** Rows per forward pass for a model of this shape: see {@link #BATCH_ROWS}. */
    static int batchRows(HfConfig c) {
        long h = c.hiddenSize();
        double macs = (double) c.numLayers() * (4 * h * h + 2 * h * c.intermediateSize()) + (double) c.vocabSize() * h;
        return (int) Math.max(MIN_BATCH_ROWS, Math.min(BATCH_ROWS, BATCH_ROWS * REFERENCE_MACS / macs));
    }

    /** Rows per forward pass: scoring reports progress and checks for cancellation between passes. */
    public int batchRows() {
        return batchRows;
    }

    /** Loads a Hub-style model folder on the engine's shared thread pool (one worker per core). */
    public static CausalLm open(Path folder) throws IOException {
        Parallel p = pool();
        return open(folder, Kernels.best(p), p);
    }

    /** Loads with the given kernels and pool (the pool is not closed with the model). */
    public static CausalLm open(Path folder, Kernels kernels, Parallel parallel) throws IOException {
        HfConfig config = HfConfig.read(folder);
        TensorStore store = ModelFiles.open(folder);
        try {
            return new CausalLm(folder, config, store, Architectures.build(config, store), kernels, parallel);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static Parallel pool() {
        Parallel p = sharedPool;
        if (p == null) {
            synchronized (CausalLm.class) {
                if ((p = sharedPool) == null) sharedPool = p = Parallel.perCore();
            }
        }
        return p;
    }

    public Path folder() {
        return folder;
    }

    public HfConfig config() {
        return config;
    }

    public String modelType() {
        return model.modelType();
    }

    /** Size of the softmax: the config's vocabulary, padded rows included. */
    public int vocabSize() {
        return model.vocabSize();
    }

    /** Longest token sequence the model can score (learned position tables end; rotary ones do not). */
    public int maxPositions() {
        return model.maxPositions();
    }

    /** Weights in the file that no layer read (known buffers such as causal masks excluded). */
    public Set<String> unusedTensors() {
        return unusedTensors;
    }

    /** Which kernels run the model, e.g. {@code vector-512}. */
    public String kernelsName() {
        return kernels.name();
    }

    /**
     * Scores each request: element {@code k} of the result holds the natural-log probabilities of
     * {@code tokens[from..length)} of request {@code k}, each given all tokens before it. Sequences longer than
     * {@link #maxPositions()} are refused; truncating is the caller's decision.
     *
     * @param progress told the tokens computed so far out of the distinct tokens of all requests
     * @throws java.util.concurrent.CancellationException when {@code cancel} fires (checked between batches)
     */
    public List<float[]> score(List<ScoreRequest> requests, Cancellation cancel, Progress progress) {
        for (ScoreRequest r : requests) {
            if (r.tokens().length > maxPositions()) {
                throw new IllegalArgumentException("a request of " + r.tokens().length + " tokens exceeds the "
                        + maxPositions() + " positions of " + folder.getFileName() + "; truncate it first");
            }
        }
        PrefixTree tree = new PrefixTree(requests, batchRows);
        long[] done = {0};
        run(tree.roots(), cancel, progress, done, tree.tokenCount());
        List<float[]> out = new ArrayList<>(requests.size());
        for (int k = 0; k < requests.size(); k++) out.add(tree.result(k, requests.get(k)));
        return out;
    }

    /** Runs {@code runs} (whose parents are computed) in batches, each batch followed by its subtrees. */
    private void run(List<PrefixTree.Run> runs, Cancellation cancel, Progress progress, long[] done, long total) {
        int i = 0;
        while (i < runs.size()) {
            List<PrefixTree.Run> batch = new ArrayList<>();
            int rows = 0;
            while (i < runs.size() && (batch.isEmpty() || rows + runs.get(i).tokens.length <= batchRows)) {
                rows += runs.get(i).tokens.length;
                batch.add(runs.get(i++));
            }
            cancel.check();
            List<KvNode> nodes = new ArrayList<>(batch.size());
            for (PrefixTree.Run r : batch) {
                KvNode node = model.node(r.parent == null ? null : r.parent.cache, r.ids());
                r.cache = node;
                nodes.add(node);
            }
            float[] hidden = model.forward(nodes);
            logProbs(batch, hidden);
            done[0] += rows;
            progress.update(done[0], total);
            List<PrefixTree.Run> children = new ArrayList<>();
            for (PrefixTree.Run r : batch) children.addAll(r.children);
            run(children, cancel, progress, done, total);
            // the subtrees are done: release this batch's caches
            for (PrefixTree.Run r : batch) r.cache = null;
        }
    }

    /**
     * Log-probabilities of the scored next tokens, from the logits of the rows that predict them. The
     * vocabulary is swept in slices, each multiplied for all rows at once (so each slice of the output matrix
     * is read and packed once per batch) and folded into a per-row log-sum-exp, so the full
     * {@code rows × vocabulary} logit matrix never exists.
     */
    private void logProbs(List<PrefixTree.Run> batch, float[] hidden) {
        int width = model.outputWidth();
        List<PrefixTree.Token> predicting = new ArrayList<>();
        List<Integer> rowOf = new ArrayList<>();
        int row = 0;
        for (PrefixTree.Run r : batch) {
            for (PrefixTree.Token t : r.tokens) {
                if (t.needsLogits()) {
                    predicting.add(t);
                    rowOf.add(row);
                }
                row++;
            }
        }
        int m = predicting.size(), vocab = model.vocabSize();
        if (m == 0) return;
        float[] h = new float[m * width];
        for (int j = 0; j < m; j++) System.arraycopy(hidden, rowOf.get(j) * width, h, j * width, width);
        double[] lse = new double[m];
        Arrays.fill(lse, Double.NEGATIVE_INFINITY);
        float[] logits = new float[m * Math.min(VOCAB_SLICE, vocab)];
        for (int from = 0; from < vocab; from += VOCAB_SLICE) {
            int count = Math.min(VOCAB_SLICE, vocab - from), lo = from;
            model.logits(h, m, from, count, logits);
            parallel.forEach(m, j -> {
                lse[j] = logAddExp(lse[j], kernels.logSumExp(logits, j * count, count));
                for (PrefixTree.Token next : predicting.get(j).children()) {
                    if (next.scored && next.id >= lo && next.id < lo + count) next.logprob = logits[j * count + next.id - lo];
                }
            });
        }
        for (int j = 0; j < m; j++) {
            for (PrefixTree.Token next : predicting.get(j).children()) {
                if (next.scored) next.logprob = (float) (next.logprob - lse[j]);
            }
        }
    }

    private static double logAddExp(double a, double b) {
        double max = Math.max(a, b);
        if (max == Double.NEGATIVE_INFINITY) return max;
        return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
    }

    @Override
    public void close() {
        store.close();
    }
}
