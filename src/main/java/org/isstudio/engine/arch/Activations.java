package org.isstudio.engine.arch;

/**
 * The intermediate arrays of one forward pass, shared by every layer. At a few hundred rows each array is
 * megabytes, which the JVM allocates outside the young generation and zeroes; allocating them once per pass
 * instead of once per layer (and keeping them for the next pass, see {@link Transformer}) removes most of the
 * garbage collection from scoring.
 */
final class Activations {

    final int rows;
    /** The normalized residual stream, the attention's input. */
    final float[] normed;
    /** The MLP's normalized input where it has its own norm. */
    final float[] mlpNormed;
    /** The fused q|k|v projection before it is split (GPT-2, GPT-NeoX), else empty. */
    final float[] fused;
    final float[] q, k, v;
    /** The attention heads' weighted values, before the output projection. */
    final float[] context;
    final float[] attention;
    /** The MLP's inner width: up (and gate) projections. */
    final float[] up, gate;
    final float[] mlp;

    Activations(int rows, Transformer model) {
        this.rows = rows;
        int hidden = model.hidden, qDim = model.heads * model.headDim, kvDim = model.kvHeads * model.headDim;
        int inner = 0, fusedWidth = 0;
        boolean gated = false;
        for (Layer layer : model.layers) {
            inner = Math.max(inner, layer.mlp().up().out());
            gated |= layer.mlp().gate() != null;
            if (layer.qkv() instanceof QkvProjection.Fused f) fusedWidth = Math.max(fusedWidth, f.qkv().out());
        }
        normed = new float[rows * hidden];
        mlpNormed = new float[rows * hidden];
        fused = new float[rows * fusedWidth];
        q = new float[rows * qDim];
        k = new float[rows * kvDim];
        v = new float[rows * kvDim];
        context = new float[rows * qDim];
        attention = new float[rows * hidden];
        up = new float[rows * inner];
        gate = new float[gated ? rows * inner : 0];
        mlp = new float[rows * hidden];
    }
}
