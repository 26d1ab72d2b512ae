package org.isstudio.engine.kernel;

import org.isstudio.engine.load.DType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

/** Builds weight matrices in off-heap segments, as a mapped checkpoint would present them. */
public final class TestMatrices {

    private TestMatrices() {
    }

    /** {@code values} is the stored row-major array ({@code [out][in]} or {@code [in][out]} per layout). */
    public static Matrix of(Arena arena, float[] values, DType dtype, Matrix.Layout layout, int in, int out) {
        MemorySegment seg = arena.allocate((long) values.length * dtype.bytes(), 8);
        for (int i = 0; i < values.length; i++) {
            switch (dtype) {
                case F32 -> seg.set(Matrix.F32, i * 4L, values[i]);
                case F16 -> seg.set(Matrix.I16, i * 2L, Float.floatToFloat16(values[i]));
                case BF16 -> seg.set(Matrix.I16, i * 2L, (short) (Float.floatToRawIntBits(values[i]) >>> 16));
                default -> throw new IllegalArgumentException(dtype.toString());
            }
        }
        return new Matrix(seg, dtype, layout, in, out);
    }

    public static float[] gaussian(Random random, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (random.nextGaussian() * scale);
        return a;
    }
}
