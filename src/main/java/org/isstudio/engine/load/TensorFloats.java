package org.isstudio.engine.load;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Reads stored floating-point tensors as {@code float}: F32 as is, F16 and BF16 widened exactly, F64 rounded.
 * For the engine's upcast-at-load path and for tests; the hot kernels read the mapped segments themselves.
 */
public final class TensorFloats {

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private TensorFloats() {
    }

    /** The whole tensor, row-major. */
    public static float[] read(TensorStore store, String name) {
        TensorInfo info = store.info(name);
        long n = info.elementCount();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(store.source() + ": tensor \"" + name + "\" has " + n
                    + " elements, too many for one float[]; read it by rows");
        }
        float[] out = new float[(int) n];
        read(store.segment(name), info.dtype(), 0, out, 0, out.length);
        return out;
    }

    /** Row {@code row} of a 2-D (or higher, flattened to [rows, last dim]) tensor. */
    public static float[] row(TensorStore store, String name, long row) {
        TensorInfo info = store.info(name);
        long[] shape = info.shape();
        if (shape.length < 1) throw new IllegalArgumentException(store.source() + ": tensor \"" + name + "\" is 0-dim and has no rows");
        int cols = (int) shape[shape.length - 1];
        long rows = info.elementCount() / Math.max(1, cols);
        if (row < 0 || row >= rows) throw new IndexOutOfBoundsException("row " + row + " of " + rows + " in tensor \"" + name + "\"");
        float[] out = new float[cols];
        read(store.segment(name), info.dtype(), row * cols, out, 0, cols);
        return out;
    }

    /**
     * Converts {@code count} elements starting at element {@code first} of a segment holding {@code dtype} values
     * into {@code dst[dstOffset..]}.
     */
    public static void read(MemorySegment src, DType dtype, long first, float[] dst, int dstOffset, int count) {
        switch (dtype) {
            case F32 -> MemorySegment.copy(src, F32, first * 4, dst, dstOffset, count);
            case F16 -> {
                for (int i = 0; i < count; i++) dst[dstOffset + i] = Float.float16ToFloat(src.getAtIndex(U16, first + i));
            }
            case BF16 -> {
                // bfloat16 is the upper half of a float32, so widening is a shift.
                for (int i = 0; i < count; i++) dst[dstOffset + i] = Float.intBitsToFloat(src.getAtIndex(U16, first + i) << 16);
            }
            case F64 -> {
                for (int i = 0; i < count; i++) dst[dstOffset + i] = (float) src.getAtIndex(F64, first + i);
            }
            default -> throw new IllegalArgumentException("dtype " + dtype + " is not a floating-point type");
        }
    }

    /** One element, any floating-point dtype. */
    public static float get(MemorySegment src, DType dtype, long index) {
        return switch (dtype) {
            case F32 -> src.getAtIndex(F32, index);
            case F16 -> Float.float16ToFloat(src.getAtIndex(U16, index));
            case BF16 -> Float.intBitsToFloat(src.getAtIndex(U16, index) << 16);
            case F64 -> (float) src.getAtIndex(F64, index);
            default -> throw new IllegalArgumentException("dtype " + dtype + " is not a floating-point type");
        };
    }
}
