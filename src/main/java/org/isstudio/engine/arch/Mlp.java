package org.isstudio.engine.arch;

import org.isstudio.engine.kernel.Activation;
import org.isstudio.engine.kernel.Kernels;
import org.isstudio.engine.kernel.Parallel;

/**
 * The feed-forward block: {@code down(act(up(x)))}, or with a {@code gate} the gated form of Llama's SwiGLU,
 * {@code down(act(gate(x)) ⊙ up(x))}.
 */
record Mlp(Linear up, Linear gate, Linear down, Activation activation) {

    /** Writes the block's output for {@code n} rows of {@code x} into {@code a.mlp} and returns it. */
    float[] apply(Kernels k, Parallel parallel, float[] x, int n, Activations a) {
        float[] h = up.apply(k, x, n, a.up);
        int width = up.out();
        if (gate == null) {
            parallel.forChunks(n, (from, to) -> k.activate(activation, h, from * width, (to - from) * width));
        } else {
            float[] g = gate.apply(k, x, n, a.gate);
            parallel.forChunks(n, (from, to) -> {
                k.activate(activation, g, from * width, (to - from) * width);
                k.multiply(h, from * width, g, from * width, (to - from) * width);
            });
        }
        return down.apply(k, h, n, a.mlp);
    }
}
