package org.isstudio.engine.arch;

import org.isstudio.engine.kernel.Kernels;
import org.isstudio.engine.kernel.Parallel;

/**
 * Queries, keys and values from the normalized input, in the engine's layout: {@code q} is
 * {@code [n][heads·headDim]}, {@code k} and {@code v} are {@code [n][kvHeads·headDim]}, heads contiguous.
 */
sealed interface QkvProjection {

    /** Projects {@code n} rows of {@code x} into {@code a.q}, {@code a.k} and {@code a.v}. */
    void apply(Kernels k, Parallel parallel, float[] x, int n, Activations a);

    /** Three projections (OPT, Llama, Qwen2, GPT-Neo, GPT-J). */
    record Separate(Linear q, Linear k, Linear v) implements QkvProjection {
        @Override
        public void apply(Kernels kernels, Parallel parallel, float[] x, int n, Activations a) {
            q.apply(kernels, x, n, a.q);
            k.apply(kernels, x, n, a.k);
            v.apply(kernels, x, n, a.v);
        }
    }

    /**
     * One fused projection. GPT-2's {@code c_attn} outputs {@code [q | k | v]}, each all heads; GPT-NeoX's
     * {@code query_key_value} outputs per head {@code [q_h | k_h | v_h]} ({@code perHead}).
     */
    record Fused(Linear qkv, int heads, int headDim, boolean perHead) implements QkvProjection {
        @Override
        public void apply(Kernels kernels, Parallel parallel, float[] x, int n, Activations a) {
            float[] all = qkv.apply(kernels, x, n, a.fused), query = a.q, key = a.k, value = a.v;
            int d = heads * headDim;
            parallel.forChunks(n, (from, to) -> split(all, from, to, d, query, key, value));
        }

        private void split(float[] all, int from, int to, int d, float[] query, float[] key, float[] value) {
            for (int t = from; t < to; t++) {
                int row = t * 3 * d, dst = t * d;
                if (perHead) {
                    for (int h = 0; h < heads; h++) {
                        int src = row + h * 3 * headDim, o = dst + h * headDim;
                        System.arraycopy(all, src, query, o, headDim);
                        System.arraycopy(all, src + headDim, key, o, headDim);
                        System.arraycopy(all, src + 2 * headDim, value, o, headDim);
                    }
                } else {
                    System.arraycopy(all, row, query, dst, d);
                    System.arraycopy(all, row + d, key, dst, d);
                    System.arraycopy(all, row + 2 * d, value, dst, d);
                }
            }
        }
    }
}
