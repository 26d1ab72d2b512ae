package org.isstudio.engine.arch;

import org.isstudio.engine.load.HfConfig;

import org.isstudio.engine.kernel.Kernels;
import org.isstudio.engine.kernel.KvView;
import org.isstudio.engine.kernel.Matrix;
import org.isstudio.engine.kernel.Parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The decoder-only transformer every supported family is a variant of (GPT-2, Radford et al. 2019, with the
 * deltas of its successors). The architectures set the flags; this class holds the one forward pass.
 *
 * <p>A forward pass runs a batch of {@link KvNode}s at once: their tokens are the rows of every projection
 * (matrix-matrix work, so each weight read from memory feeds many rows), while each row attends only to the
 * cached keys of its own path through the prefix tree.
 */
public final class Transformer {

    /** Where the normalization sits and how the two sub-blocks add to the residual stream. */
    public enum Residual {
        /** {@code x += attn(norm₁(x)); x += mlp(norm₂(x))} (GPT-2, OPT-125m, Llama). */
        SEQUENTIAL,
        /** {@code x += attn(norm₁(x)) + mlp(norm₂(x))}, norm₂ = norm₁ for GPT-J (GPT-NeoX, GPT-J). */
        PARALLEL,
        /** {@code x = norm₁(x + attn(x)); x = norm₂(x + mlp(x))} (OPT-350m, the original Transformer). */
        POST_NORM
    }

    final String modelType;
    final int hidden;
    final int heads;
    final int kvHeads;
    final int headDim;
    final int vocabSize;
    /** Rows of the learned position table beyond which positions do not exist; MAX_VALUE for rotary. */
    final int maxPositions;
    final Matrix tokenEmbedding;
    final Linear projectIn;
    final Matrix positionEmbedding;
    final int positionOffset;
    final Rope rope;
    final Residual residual;
    final Layer[] layers;
    final Norm finalNorm;
    final Linear projectOut;
    final Linear lmHead;

    private Kernels kernels;
    private Parallel parallel;
    /** The last pass's activations, for the next pass to reuse; a concurrent pass allocates its own. */
    private final AtomicReference<Activations> spare = new AtomicReference<>();
    /** Slices of the output projection by (first entry, count), kept so kernels can keep their packed copies. */
    private final Map<Long, Matrix> headSlices = new ConcurrentHashMap<>();

    Transformer(Builder b) {
        this.modelType = b.modelType;
        this.hidden = b.hidden;
        this.heads = b.heads;
        this.kvHeads = b.kvHeads;
        this.headDim = b.headDim;
        this.tokenEmbedding = b.tokenEmbedding;
        this.vocabSize = b.lmHead.out();
        this.projectIn = b.projectIn;
        this.positionEmbedding = b.positionEmbedding;
        this.positionOffset = b.positionOffset;
        this.maxPositions = b.positionEmbedding == null ? Integer.MAX_VALUE : b.positionEmbedding.out() - b.positionOffset;
        this.rope = b.rope;
        this.residual = b.residual;
        this.layers = b.layers.toArray(Layer[]::new);
        this.finalNorm = b.finalNorm;
        this.projectOut = b.projectOut;
        this.lmHead = b.lmHead;
    }

    /** Chooses the kernels and the thread pool the forward pass runs on. */
    public Transformer runOn(Kernels kernels, Parallel parallel) {
        this.kernels = kernels;
        this.parallel = parallel;
        return this;
    }

    public String modelType() {
        return modelType;
    }

    /** Logits per position: the config's vocabulary size (padded rows included, as transformers does). */
    public int vocabSize() {
        return vocabSize;
    }

    /** The longest path a learned position table allows; {@code Integer.MAX_VALUE} with rotary positions. */
    public int maxPositions() {
        return maxPositions;
    }

    /** Width of the hidden states {@link #forward} returns (the LM head's input). */
    public int outputWidth() {
        return lmHead.in();
    }

    /** A new prefix-tree node continuing {@code parent} (null: from position 0). */
    public KvNode node(KvNode parent, int[] tokens) {
        return new KvNode(parent, tokens, layers.length);
    }

    /**
     * Runs the tokens of {@code batch} through every layer, filling each node's key/value cache. The parents of
     * every node must have been run already. Returns the final hidden states, one row of
     * {@link #outputWidth()} per token, nodes in batch order.
     */
    public float[] forward(List<KvNode> batch) {
        int n = 0;
        for (KvNode node : batch) {
            if (node.keys.length != layers.length) throw new IllegalArgumentException("node was made by another model");
            if (node.end() > maxPositions) {
                throw new IllegalArgumentException("a sequence of " + node.end() + " tokens exceeds this " + modelType
                        + " model's " + maxPositions + " positions; truncate it first");
            }
            n += node.length();
        }
        int[] rowNode = new int[n], rowIndex = new int[n];
        int r = 0;
        int longest = 0;
        for (int b = 0; b < batch.size(); b++) {
            for (int i = 0; i < batch.get(b).length(); i++, r++) {
                rowNode[r] = b;
                rowIndex[r] = i;
            }
            longest = Math.max(longest, batch.get(b).end());
        }
        float[][] ropeTable = rope == null ? null : rope.table(longest);
        Rows rows = new Rows(batch, rowNode, rowIndex, n);

        Activations a = spare.getAndSet(null);
        if (a == null || a.rows < n) a = new Activations(n, this);
        float[] x = embed(rows);
        for (int l = 0; l < layers.length; l++) block(l, layers[l], x, rows, ropeTable, a);
        spare.set(a);
        if (finalNorm != null) forRows(n, t -> finalNorm.apply(kernels, x, t * hidden, x, t * hidden));
        return projectOut == null ? x : projectOut.apply(kernels, x, n);
    }

    /**
     * Logits of vocabulary entries {@code [from, from+count)} for the given hidden-state rows, written over
     * {@code y[0, rows × count)}: the caller reuses one buffer for every slice of the vocabulary, as a fresh
     * multi-megabyte array per slice costs its zeroing and, for the garbage collector, a humongous allocation.
     */
    public void logits(float[] hiddenRows, int rows, int from, int count, float[] y) {
        Matrix slice = from == 0 && count == vocabSize ? lmHead.weight()
                : headSlices.computeIfAbsent(((long) from << 32) | count, key -> lmHead.weight().outputs(from, count));
        float[] bias = lmHead.bias() == null ? null : Arrays.copyOfRange(lmHead.bias(), from, from + count);
        kernels.matmul(hiddenRows, rows, slice, bias, y);
    }

    public Kernels kernels() {
        return kernels;
    }

    /**
     * Query rows per attention task: each task packs the keys and values its rows see, so fewer, longer tasks pack
     * less (48-row tasks ran 2-4% slower overall than whole 256-token nodes); a longer node is still cut so its
     * heads do not each become one long task.
     */
    private static final int QUERY_GROUP = 256;

    private record Rows(List<KvNode> nodes, int[] node, int[] index, int n) {
        KvNode nodeOf(int row) {
            return nodes.get(node[row]);
        }

        int position(int row) {
            return nodeOf(row).start + index[row];
        }
    }

    private float[] embed(Rows rows) {
        int n = rows.n(), width = tokenEmbedding.in();
        float[] e = new float[n * width];
        forRows(n, t -> {
            int token = rows.nodeOf(t).tokens[rows.index()[t]];
            if (token < 0 || token >= tokenEmbedding.out()) {
                throw new IllegalArgumentException("token id " + token + " is outside the vocabulary of " + tokenEmbedding.out());
            }
            tokenEmbedding.copyOutputRow(token, e, t * width);
        });
        float[] x = projectIn == null ? e : projectIn.apply(kernels, e, n);
        if (positionEmbedding != null) {
            forRows(n, t -> {
                int p = rows.position(t) + positionOffset;
                for (int i = 0; i < hidden; i++) x[t * hidden + i] += positionEmbedding.get(p, i);
            });
        }
        return x;
    }

    /** One transformer block, updating the residual stream {@code x} in place. */
    private void block(int l, Layer layer, float[] x, Rows rows, float[][] ropeTable, Activations a) {
        int n = rows.n();
        float[] in = x;
        if (residual != Residual.POST_NORM) {
            in = a.normed;
            forRows(n, t -> layer.attentionNorm().apply(kernels, x, t * hidden, a.normed, t * hidden));
        }
        float[] attn = attention(l, layer, in, rows, ropeTable, a);
        switch (residual) {
            case SEQUENTIAL -> {
                kernels.add(x, 0, attn, 0, n * hidden);
                forRows(n, t -> layer.mlpNorm().apply(kernels, x, t * hidden, a.mlpNormed, t * hidden));
                kernels.add(x, 0, layer.mlp().apply(kernels, parallel, a.mlpNormed, n, a), 0, n * hidden);
            }
            case PARALLEL -> {
                float[] m = a.normed;
                if (layer.mlpNorm() != null) {
                    m = a.mlpNormed;
                    forRows(n, t -> layer.mlpNorm().apply(kernels, x, t * hidden, a.mlpNormed, t * hidden));
                }
                float[] mlp = layer.mlp().apply(kernels, parallel, m, n, a);
                kernels.add(mlp, 0, attn, 0, n * hidden);
                kernels.add(x, 0, mlp, 0, n * hidden);
            }
            case POST_NORM -> {
                kernels.add(x, 0, attn, 0, n * hidden);
                forRows(n, t -> layer.attentionNorm().apply(kernels, x, t * hidden, x, t * hidden));
                kernels.add(x, 0, layer.mlp().apply(kernels, parallel, x, n, a), 0, n * hidden);
                forRows(n, t -> layer.mlpNorm().apply(kernels, x, t * hidden, x, t * hidden));
            }
        }
    }

    /** Self-attention of every row over its own path, writing this batch's keys and values into the nodes. */
    private float[] attention(int l, Layer layer, float[] in, Rows rows, float[][] ropeTable, Activations a) {
        int n = rows.n(), qDim = heads * headDim, kvDim = kvHeads * headDim;
        float[] q = a.q, k = a.k, v = a.v;
        layer.qkv().apply(kernels, parallel, in, n, a);
        if (rope != null) {
            forRows(n, t -> {
                int cs = rows.position(t) * (rope.rotaryDim / 2);
                for (int h = 0; h < heads; h++) {
                    kernels.rotary(q, t * qDim + h * headDim, rope.rotaryDim, rope.style, ropeTable[0], ropeTable[1], cs);
                }
                for (int h = 0; h < kvHeads; h++) {
                    kernels.rotary(k, t * kvDim + h * headDim, rope.rotaryDim, rope.style, ropeTable[0], ropeTable[1], cs);
                }
            });
        }
        int[] firstRow = new int[rows.nodes().size()];
        for (int b = 0, row = 0; b < firstRow.length; row += rows.nodes().get(b++).length()) {
            KvNode node = rows.nodes().get(b);
            firstRow[b] = row;
            node.keys[l] = new float[node.length() * kvDim];
            node.values[l] = Arrays.copyOfRange(v, row * kvDim, (row + node.length()) * kvDim);
        }
        // keys are cached transposed, [channel][position], so a query's scores are vector multiply-adds
        parallel.forChunks(kvDim, (c0, c1) -> {
            for (int b = 0; b < firstRow.length; b++) {
                float[] keysT = rows.nodes().get(b).keys[l];
                int len = rows.nodes().get(b).length(), row = firstRow[b];
                for (int i = 0; i < len; i++) {
                    for (int c = c0; c < c1; c++) keysT[c * len + i] = k[(row + i) * kvDim + c];
                }
            }
        });
        KvView[] views = new KvView[rows.nodes().size()];
        for (int b = 0; b < views.length; b++) views[b] = rows.nodes().get(b).view(l, kvDim);

        float[] context = a.context;
        int group = heads / kvHeads;
        // a task is one head of up to QUERY_GROUP consecutive rows of a node: the kernel packs the keys and values
        // those rows see once for all of them
        List<int[]> groups = new ArrayList<>();
        for (int b = 0; b < firstRow.length; b++) {
            int len = rows.nodes().get(b).length();
            for (int g = 0; g < len; g += QUERY_GROUP) groups.add(new int[] {firstRow[b] + g, Math.min(QUERY_GROUP, len - g), b});
        }
        parallel.forEach(groups.size() * heads, task -> {
            int[] g = groups.get(task / heads);
            int h = task % heads, t = g[0], off = t * qDim + h * headDim;
            kernels.attention(q, off, qDim, g[1], views[g[2]], (h / group) * headDim, headDim, rows.position(t),
                    layer.window(), layer.scale(), context, off, qDim);
        });
        return layer.attentionOut().apply(kernels, context, n, a.attention);
    }

    private void forRows(int n, IntConsumer body) {
        parallel.forChunks(n, (from, to) -> {
            for (int t = from; t < to; t++) body.accept(t);
        });
    }

    /** Collects the parts an architecture reads from its checkpoint. */
    static final class Builder {
        String modelType;
        int hidden, heads, kvHeads, headDim;
        Matrix tokenEmbedding;
        Linear projectIn;
        Matrix positionEmbedding;
        int positionOffset;
        Rope rope;
        Residual residual = Residual.SEQUENTIAL;
        final List<Layer> layers = new ArrayList<>();
        Norm finalNorm;
        Linear projectOut;
        Linear lmHead;

        /** The attention shape, read from config.json the same way by every architecture. */
        Builder(HfConfig c) {
            modelType = c.modelType();
            hidden = c.hiddenSize();
            heads = c.numHeads();
            kvHeads = c.numKvHeads();
            headDim = c.headDim();
        }
    }
}
