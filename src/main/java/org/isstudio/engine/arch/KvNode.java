package org.isstudio.engine.arch;

import org.isstudio.engine.kernel.KvView;

import java.util.ArrayDeque;

/**
 * A run of tokens that continues its parent's, with the keys and values every layer computed for it. Nodes
 * form the prefix tree of a scoring task: the shared prompt is one node, each example a child, each class a
 * grandchild, so a shared prefix is computed once and its cache is read by every continuation. A node's
 * cache is filled by {@link Transformer#forward} and lives as long as the node is referenced.
 */
public final class KvNode {

    final KvNode parent;
    final int[] tokens;
    /** Position of {@code tokens[0]}: the length of the path above this node. */
    final int start;
    /** Per layer, keys transposed ({@code [kvDim][length]}) and values as rows ({@code [length][kvDim]}), see KvView. */
    final float[][] keys;
    final float[][] values;

    /** Use {@link Transformer#node}, which knows the layer count. */
    KvNode(KvNode parent, int[] tokens, int layers) {
        if (tokens.length == 0) throw new IllegalArgumentException("a node holds at least one token");
        this.parent = parent;
        this.tokens = tokens.clone();
        this.start = parent == null ? 0 : parent.end();
        this.keys = new float[layers][];
        this.values = new float[layers][];
    }

    public int length() {
        return tokens.length;
    }

    /** The position after this node's last token. */
    public int end() {
        return start + tokens.length;
    }

    public int start() {
        return start;
    }

    public KvNode parent() {
        return parent;
    }

    /** The cached keys and values of layer {@code layer} along the path from the root to this node. */
    KvView view(int layer, int stride) {
        ArrayDeque<KvNode> path = new ArrayDeque<>();
        for (KvNode n = this; n != null; n = n.parent) path.addFirst(n);
        int size = path.size(), i = 0;
        float[][] k = new float[size][], v = new float[size][];
        int[] starts = new int[size], lengths = new int[size];
        for (KvNode n : path) {
            if (n.keys.length <= layer || n.keys[layer] == null) {
                throw new IllegalStateException("the node at position " + n.start + " has not been computed; run parents first");
            }
            k[i] = n.keys[layer];
            v[i] = n.values[layer];
            starts[i] = n.start;
            lengths[i] = n.tokens.length;
            i++;
        }
        return new KvView(k, v, starts, lengths, stride);
    }
}
