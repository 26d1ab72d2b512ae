package org.isstudio.engine.kernel;

import org.isstudio.engine.load.DType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.Random;

import static org.isstudio.engine.kernel.TestMatrices.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every SIMD kernel against its scalar twin on random inputs, including the shapes that exercise the tails. */
class VectorKernelsTest {

    private static final Parallel PARALLEL = new Parallel(2);
    private static final Kernels SCALAR = new ScalarKernels(null);
    private static final Kernels VECTOR = new VectorKernels(PARALLEL);

    @AfterAll
    static void close() {
        PARALLEL.close();
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void matmulMatchesScalarForEveryLayoutAndShape(DType dtype) {
        Random random = new Random(1);
        try (Arena arena = Arena.ofShared()) {
            for (Matrix.Layout layout : Matrix.Layout.values()) {
                for (int n : new int[] {1, 3, 4, 7, 130, 261}) {
                    for (int[] shape : new int[][] {{7, 5}, {33, 64}, {64, 100}, {130, 17}, {300, 700}}) {
                        int in = shape[0], out = shape[1];
                        Matrix w = TestMatrices.of(arena, gaussian(random, in * out, 0.3), dtype, layout, in, out);
                        float[] x = gaussian(random, n * in, 1);
                        float[] bias = n % 2 == 0 ? null : gaussian(random, out, 0.1);
                        float[] expected = new float[n * out], actual = new float[n * out];
                        SCALAR.matmul(x, n, w, bias, expected);
                        VECTOR.matmul(x, n, w, bias, actual);
                        assertClose(expected, actual, 2e-5, dtype + " " + layout + " n=" + n + " " + in + "->" + out);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void constantF32WeightsAreKeptPackedFromTheirSecondMultiplyAndMultiplyAsBefore(DType dtype) {
        Random random = new Random(8);
        try (Arena arena = Arena.ofShared()) {
            for (Matrix.Layout layout : Matrix.Layout.values()) {
                // 300 outputs: whole panels and a narrow last one; 1100 rows: several row blocks per kept panel
                int in = 300, out = 300;
                Matrix w = TestMatrices.of(arena, gaussian(random, in * out, 0.3), dtype, layout, in, out).constant();
                int[] rows = {1100, 7, 1100, 2};
                for (int call = 0; call < rows.length; call++) {
                    int n = rows[call];
                    float[] x = gaussian(random, n * in, 1), bias = gaussian(random, out, 0.1);
                    float[] expected = new float[n * out], actual = new float[n * out];
                    SCALAR.matmul(x, n, w, bias, expected);
                    VECTOR.matmul(x, n, w, bias, actual);
                    assertClose(expected, actual, 2e-5, dtype + " " + layout + " n=" + n);
                    // kept from the second multi-row multiply on: one forward pass never pays for a copy
                    assertEquals(dtype == DType.F32 && call > 0, w.packed().get() != null, "kept after call " + call);
                }
                Matrix plain = TestMatrices.of(arena, gaussian(random, in * out, 0.3), dtype, layout, in, out);
                VECTOR.matmul(gaussian(random, 20 * in, 1), 20, plain, null, new float[20 * out]);
                assertEquals(null, plain.packed(), "weights that may change are never kept");
            }
        }
    }

    @Test
    void halfPrecisionWeightsConvertExactlyIncludingSubnormalsAndInfinities() {
        try (Arena arena = Arena.ofShared()) {
            int count = 1 << 16;
            var seg = arena.allocate(count * 2L, 8);
            for (int h = 0; h < count; h++) seg.set(Matrix.I16, h * 2L, (short) h);
            Matrix w = new Matrix(seg, DType.F16, Matrix.Layout.IN_OUT, 1, count);
            float[] y = new float[count];
            VECTOR.matmul(new float[] {1f}, 1, w, null, y);
            for (int h = 0; h < count; h++) {
                float expected = Float.float16ToFloat((short) h);
                assertTrue(expected == y[h] || Float.isNaN(expected) && Float.isNaN(y[h]),
                        "half 0x" + Integer.toHexString(h) + ": " + expected + " vs " + y[h]);
            }
        }
    }

    @Test
    void normsMatchScalar() {
        Random random = new Random(2);
        for (int len : new int[] {5, 16, 32, 77, 768}) {
            float[] x = gaussian(random, len + 3, 2), gain = gaussian(random, len, 1), bias = gaussian(random, len, 1);
            float[] e = new float[len + 1], a = new float[len + 1];
            SCALAR.layerNorm(x, 3, len, gain, bias, 1e-5f, e, 1);
            VECTOR.layerNorm(x, 3, len, gain, bias, 1e-5f, a, 1);
            assertClose(e, a, 1e-5, "layerNorm " + len);
            SCALAR.rmsNorm(x, 3, len, gain, 1e-6f, e, 1);
            VECTOR.rmsNorm(x, 3, len, gain, 1e-6f, a, 1);
            assertClose(e, a, 1e-5, "rmsNorm " + len);
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationsMatchScalar(Activation act) {
        Random random = new Random(3);
        float[] x = gaussian(random, 1000, 3);
        x[0] = 0;
        x[1] = -12;
        x[2] = 12;
        float[] e = x.clone(), a = x.clone();
        SCALAR.activate(act, e, 1, 997);
        VECTOR.activate(act, a, 1, 997);
        assertClose(e, a, 2e-6, act.name());
    }

    @Test
    void softmaxAndLogSumExpMatchScalar() {
        Random random = new Random(4);
        for (int len : new int[] {1, 9, 50257}) {
            float[] x = gaussian(random, len, 4);
            assertEquals(SCALAR.logSumExp(x, 0, len), VECTOR.logSumExp(x, 0, len), 2e-6, "logSumExp " + len);
            float[] e = x.clone(), a = x.clone();
            SCALAR.softmax(e, 0, len);
            VECTOR.softmax(a, 0, len);
            assertClose(e, a, 1e-6, "softmax " + len);
        }
    }

    @ParameterizedTest
    @EnumSource(RopeStyle.class)
    void rotaryMatchesScalarForFullAndPartialRotation(RopeStyle style) {
        Random random = new Random(5);
        for (int[] dims : new int[][] {{64, 64}, {64, 16}, {8, 4}, {128, 128}}) {
            int headDim = dims[0], rotaryDim = dims[1];
            float[] x = gaussian(random, headDim + 2, 1);
            float[] cos = gaussian(random, rotaryDim / 2 + 1, 1), sin = gaussian(random, rotaryDim / 2 + 1, 1);
            float[] e = x.clone(), a = x.clone();
            SCALAR.rotary(e, 2, rotaryDim, style, cos, sin, 1);
            VECTOR.rotary(a, 2, rotaryDim, style, cos, sin, 1);
            assertClose(e, a, 1e-6, style + " " + headDim + "/" + rotaryDim);
            assertArrayEquals(Arrays.copyOfRange(x, 2 + rotaryDim, x.length), Arrays.copyOfRange(a, 2 + rotaryDim, x.length),
                    "dimensions past rotaryDim pass through");
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {8, 64, 80, 128})
    void attentionOverSeveralRunsAndWindowsMatchesScalar(int headDim) {
        Random random = new Random(6);
        int stride = 3 * headDim, kvOff = headDim;
        // the long last run takes the 4L-position blocks, and queries that stop inside it the blocks past the query
        int[] lengths = {5, 40, 1, 19, 150};
        float[][] keys = new float[lengths.length][], values = new float[lengths.length][];
        int[] start = new int[lengths.length];
        int pos = 0;
        for (int r = 0; r < lengths.length; r++) {
            keys[r] = gaussian(random, lengths[r] * stride, 1);
            values[r] = gaussian(random, lengths[r] * stride, 1);
            start[r] = pos;
            pos += lengths[r];
        }
        KvView kv = new KvView(keys, values, start, lengths, stride);
        int qStride = headDim + 3, outStride = headDim + 2, queries = 20;
        float[] q = gaussian(random, 1 + queries * qStride, 1);
        for (int i = 0; i < q.length; i++) q[i] *= 4 / (float) Math.sqrt(headDim);
        // {last, rows, window}: one query or several (sixes and a remainder), from the first position or deep in the
        // long run, without a window or with one shorter or longer than the rows, ending on or off a block boundary
        int[][] cases = {{64, 1, 0}, {64, 1, 8}, {10, 1, 8}, {0, 1, 0}, {214, 1, 0}, {0, 6, 0}, {0, 20, 0},
                {1, 13, 0}, {44, 7, 3}, {57, 12, 0}, {130, 6, 65}, {139, 18, 70}, {195, 20, 0}, {195, 20, 100}, {100, 19, 1}};
        for (int[] c : cases) {
            int last = c[0], rows = c[1], window = c[2];
            float[] e = gaussian(random, 1 + rows * outStride, 1), a = e.clone();
            SCALAR.attention(q, 1, qStride, rows, kv, kvOff, headDim, last, window, 0.125f, e, 1, outStride);
            VECTOR.attention(q, 1, qStride, rows, kv, kvOff, headDim, last, window, 0.125f, a, 1, outStride);
            assertClose(e, a, 1e-5, "last " + last + ", rows " + rows + ", window " + window);
        }
    }

    static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            assertTrue(d <= tolerance * (1 + Math.abs(expected[i])),
                    what + " [" + i + "]: expected " + expected[i] + " got " + actual[i]);
        }
    }
}
