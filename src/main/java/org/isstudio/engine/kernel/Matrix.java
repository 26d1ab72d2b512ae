package org.isstudio.engine.kernel;

import org.isstudio.engine.load.DType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A weight matrix read in place from its (usually memory-mapped) checkpoint bytes: {@code out} outputs by
 * {@code in} inputs, F32, F16 or BF16, little-endian. Nothing is copied: kernels convert elements as they
 * stream them, so a 6 GB model never lands on the heap.
 *
 * <p>The one exception is {@link #constant() model weights} in F32: from their second multiply on, the SIMD
 * kernels keep them packed the way their matrix multiply reads them (about 10% of its time went into packing
 * the same weights again on every call). The copy takes the heap the mapped pages no longer need, so memory
 * stays near the weights' size; F16 and BF16 weights would double in float, so they stay in the file and are
 * converted as they stream.
 *
 * @param layout how the file stores it: {@link Layout#OUT_IN} for {@code nn.Linear} and embedding tables,
 *               {@link Layout#IN_OUT} for GPT-2's {@code Conv1D}
 * @param packed where kernels may keep a packed copy, or null when the contents may change between calls
 */
public record Matrix(MemorySegment data, DType dtype, Layout layout, int in, int out, PackedCopy packed) {

    public enum Layout {
        /** {@code [out, in]}: row {@code o} holds the weights of output {@code o} (nn.Linear, embeddings). */
        OUT_IN,
        /** {@code [in, out]}: row {@code i} holds the weights from input {@code i} (GPT-2's Conv1D). */
        IN_OUT
    }

    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** A matrix whose contents may change between calls: kernels keep nothing. */
    public Matrix(MemorySegment data, DType dtype, Layout layout, int in, int out) {
        this(data, dtype, layout, in, out, null);
    }

    public Matrix {
        if (dtype != DType.F32 && dtype != DType.F16 && dtype != DType.BF16) {
            throw new IllegalArgumentException("weights must be F32, F16 or BF16, not " + dtype);
        }
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("bad matrix shape " + out + "x" + in);
        if (data.byteSize() != (long) in * out * dtype.bytes()) {
            throw new IllegalArgumentException("a " + out + "x" + in + " " + dtype + " matrix needs "
                    + (long) in * out * dtype.bytes() + " bytes, the segment has " + data.byteSize());
        }
    }

    /** The weight from input {@code i} to output {@code o}. */
    public float get(int o, int i) {
        long index = layout == Layout.OUT_IN ? (long) o * in + i : (long) i * out + o;
        return element(index);
    }

    /** Element {@code index} of the stored (row-major) array, converted to float. */
    float element(long index) {
        return switch (dtype) {
            case F32 -> data.get(F32, index * 4);
            case F16 -> Float.float16ToFloat(data.get(I16, index * 2));
            case BF16 -> Float.intBitsToFloat(data.get(I16, index * 2) << 16);
            default -> throw new AssertionError(dtype);
        };
    }

    /** Copies the weights of output {@code o} (an embedding row, for a table) into {@code dst[dstOff..+in)}. */
    public void copyOutputRow(int o, float[] dst, int dstOff) {
        for (int i = 0; i < in; i++) dst[dstOff + i] = get(o, i);
    }

    /** The sub-matrix of outputs {@code [from, from+count)} (e.g. one of the q/k/v blocks of a fused weight). */
    public Matrix outputs(int from, int count) {
        if (layout != Layout.OUT_IN) throw new UnsupportedOperationException("output slices need the OUT_IN layout");
        long b = dtype.bytes();
        return new Matrix(data.asSlice(from * in * b, count * in * b), dtype, layout, in, count,
                packed == null ? null : new PackedCopy());
    }

    /** This matrix as model weights, which never change while the model is open: kernels may keep a packed copy. */
    public Matrix constant() {
        return packed != null ? this : new Matrix(data, dtype, layout, in, out, new PackedCopy());
    }

    /**
     * The slot for a kernel's packed copy of one constant matrix, filled by its second multiply: a model opened
     * for one forward pass (a single edit re-scored) never pays for a copy it would not reuse.
     */
    public static final class PackedCopy {
        private volatile float[] floats;
        private final AtomicBoolean used = new AtomicBoolean();

        /** False the first time it is asked, true after. */
        boolean usedBefore() {
            return used.getAndSet(true);
        }

        float[] get() {
            return floats;
        }

        void set(float[] value) {
            floats = value;
        }
    }
}
