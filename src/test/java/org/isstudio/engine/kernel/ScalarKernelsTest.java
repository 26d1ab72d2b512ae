package org.isstudio.engine.kernel;

import org.isstudio.engine.load.DType;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reference kernels against hand-computed values (torch's numbers for the activations). */
class ScalarKernelsTest {

    private final Kernels k = new ScalarKernels(null);

    @Test
    void activationsMatchTorch() {
        float[] x = {-2f, -0.5f, 0f, 1f, 3f};
        float[] geluNew = x.clone(), gelu = x.clone(), silu = x.clone(), relu = x.clone();
        k.activate(Activation.GELU_TANH, geluNew, 0, 5);
        k.activate(Activation.GELU_ERF, gelu, 0, 5);
        k.activate(Activation.SILU, silu, 0, 5);
        k.activate(Activation.RELU, relu, 0, 5);
        // torch.nn.functional.gelu(x, approximate='tanh'), gelu(x), silu(x)
        assertArrayEquals(new float[] {-0.04540229f, -0.15428598f, 0f, 0.84119199f, 2.99636269f}, geluNew, 1e-6f);
        assertArrayEquals(new float[] {-0.04550028f, -0.15426877f, 0f, 0.84134475f, 2.99595031f}, gelu, 1e-6f);
        assertArrayEquals(new float[] {-0.23840584f, -0.18877033f, 0f, 0.73105858f, 2.85772238f}, silu, 1e-6f);
        assertArrayEquals(new float[] {0f, 0f, 0f, 1f, 3f}, relu, 0f);
    }

    @Test
    void matmulReadsBothLayouts() {
        try (Arena arena = Arena.ofShared()) {
            // W = [[1, 2, 3], [4, 5, 6]] as 2 outputs by 3 inputs
            Matrix linear = TestMatrices.of(arena, new float[] {1, 2, 3, 4, 5, 6}, DType.F32, Matrix.Layout.OUT_IN, 3, 2);
            Matrix conv1d = TestMatrices.of(arena, new float[] {1, 4, 2, 5, 3, 6}, DType.F32, Matrix.Layout.IN_OUT, 3, 2);
            for (Matrix w : new Matrix[] {linear, conv1d}) {
                float[] y = new float[2];
                k.matmul(new float[] {1, 0, -1}, 1, w, new float[] {10, 20}, y);
                assertArrayEquals(new float[] {8, 18}, y, 0f, w.layout().name());
            }
        }
    }

    @Test
    void rotaryPairsHalvesOrNeighbours() {
        float c = (float) Math.cos(0.3), s = (float) Math.sin(0.3);
        float[] half = {1, 2, 3, 4, 5}, pairs = {1, 2, 3, 4, 5};
        k.rotary(half, 0, 4, RopeStyle.HALF, new float[] {c, 1}, new float[] {s, 0}, 0);
        k.rotary(pairs, 0, 4, RopeStyle.INTERLEAVED, new float[] {c, 1}, new float[] {s, 0}, 0);
        assertArrayEquals(new float[] {1 * c - 3 * s, 2, 3 * c + 1 * s, 4, 5}, half, 1e-6f);
        assertArrayEquals(new float[] {1 * c - 2 * s, 2 * c + 1 * s, 3, 4, 5}, pairs, 1e-6f);
    }

    @Test
    void attentionWeighsValuesBySoftmaxOfScaledScoresInsideTheWindow() {
        // head_dim 1: keys 0, 1, 2 at positions 0..2; query 1; values 10, 20, 30
        KvView kv = KvView.of(new float[] {0, 1, 2}, new float[] {10, 20, 30}, 3, 1);
        float[] out = new float[1];
        k.attention(new float[] {1}, 0, 1, 1, kv, 0, 1, 2, 2, 0.5f, out, 0, 1);
        double w1 = Math.exp(0.5), w2 = Math.exp(1.0);
        assertEquals((20 * w1 + 30 * w2) / (w1 + w2), out[0], 1e-5);
        // two queries 1 and 2 at positions 1 and 2, no window: the first sees positions 0..1, the second 0..2
        float[] two = new float[4];
        k.attention(new float[] {1, 9, 2}, 0, 2, 2, kv, 0, 1, 1, 0, 0.5f, two, 1, 2);
        double a1 = Math.exp(0.5);
        assertEquals((10 + 20 * a1) / (1 + a1), two[1], 1e-5);
        double b1 = Math.exp(1.0), b2 = Math.exp(2.0);
        assertEquals((10 + 20 * b1 + 30 * b2) / (1 + b1 + b2), two[3], 1e-5);
        assertEquals(0, two[0]);
        assertEquals(0, two[2]);
    }

    @Test
    void logSumExpIsStableForLargeLogits() {
        assertEquals(1000 + Math.log(2), k.logSumExp(new float[] {1000, 1000}, 0, 2), 1e-9);
    }
}
