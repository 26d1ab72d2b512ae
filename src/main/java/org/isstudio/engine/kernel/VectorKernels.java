package org.isstudio.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.isstudio.engine.load.DType;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * SIMD kernels on the Vector API, the only class that imports {@code jdk.incubator.vector}. Each kernel is
 * a vector main loop (fused multiply-add where it applies) and a scalar tail, and is tested against
 * {@link ScalarKernels} (after llama3.java's {@code vectorDot} and Jlama's kernel-vs-naive tests).
 *
 * <p>The matrix multiply follows the BLAS recipe: the weights of {@link #PANEL} outputs are packed once per
 * task into a float panel laid out {@code [in][PANEL]} (converting F16/BF16 and transposing
 * {@code nn.Linear}'s {@code [out, in]} on the way), then a 6-row by {@code PANEL}-column register tile
 * streams through it, so every weight loaded from memory feeds six rows and no dot product needs a
 * horizontal reduction. The inputs are cut into {@link #DEPTH}-deep blocks so a panel stays in cache
 * while the rows stream past it. Few-row calls skip the packing and stream the weights straight from the segment.
 */
public final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED.withShape(
            VectorShape.forBitSize(F.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED.withShape(F.vectorShape());
    /** Outputs per packed panel: four vectors, the width of the register tile. */
    static final int PANEL = 4 * L;
    /** Inputs per packed panel: DEPTH × PANEL floats (64 KB with 512-bit vectors) stay in L1/L2 while rows stream by. */
    private static final int DEPTH = 256;
    /** Rows per matmul task when a matrix has too few panels to keep every thread busy: a multiple of the 6- and 4-row tiles. */
    private static final int ROW_BLOCK = 120;
    /**
     * Rows per matmul task once the weights are kept packed: their {@link #DEPTH}-deep inputs (260 KB) stay in L2
     * beside the panel, and a 1,024-row pass makes four tasks per panel, so the threads finish together. Full-sequence
     * scoring ran about 4% faster than with one task per panel; 516-row blocks gained nothing measurable, 126 as much.
     */
    private static final int KEPT_ROW_BLOCK = 258;
    /** Below this many rows, packing a panel costs more than it saves. */
    private static final int STREAM_ROWS = 4;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ThreadLocal<float[]> PACKED = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> TAIL = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> BLOCK = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> SCORES = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> KEYS = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> VALUES = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> SUMS = ThreadLocal.withInitial(() -> new float[0]);
    /** Gather offsets that read one column of a row-major {@link #L}x{@link #L} block. */
    private static final int[] COLUMN = IntStream.range(0, L).map(i -> i * L).toArray();

    private final Parallel parallel;

    public VectorKernels(Parallel parallel) {
        this.parallel = parallel;
    }

    @Override
    public String name() {
        return "vector-" + F.vectorBitSize();
    }

    // ---------------------------------------------------------------- matrix multiply

    @Override
    public void matmul(float[] x, int n, Matrix w, float[] bias, float[] y) {
        ScalarKernels.checkMatmul(x, n, w, bias, y);
        if (n < STREAM_ROWS) {
            streamingMatmul(x, n, w, bias, y);
            return;
        }
        int panels = (w.out() + PANEL - 1) / PANEL;
        float[] kept = w.packed() == null ? null : w.packed().get();
        // packing, each task packs its panel, so rows are split only when there are too few panels to share out;
        // with a kept copy nothing is packed, and blocks of rows keep their inputs in L2 and the tasks many enough
        // for the threads to finish together
        int rowBlock = kept != null ? KEPT_ROW_BLOCK : panels >= 2 * parallel.threads() ? n : ROW_BLOCK;
        int rowBlocks = (n + rowBlock - 1) / rowBlock;
        float[] keeping = kept == null && rowBlocks == 1 && w.packed() != null && w.packed().usedBefore()
                ? newCopy(w, panels) : null;
        float[] panelsArray = kept != null ? kept : keeping;
        parallel.forEach(panels * rowBlocks, task -> {
            int panel = task / rowBlocks, block = task % rowBlocks;
            multiplyPanel(x, w, bias, y, panel * PANEL, block * rowBlock, Math.min(n, (block + 1) * rowBlock),
                    panelsArray, keeping != null);
        });
        if (keeping != null) {
            w.packed().set(keeping);
            // the copy replaces the mapped pages, which the file can give back when (rarely) read again
            if (w.data().isMapped()) w.data().unload();
        }
    }

    /**
     * An array for the packed copy of {@code w}, {@code [panel][in][PANEL]}: for constant F32 weights while the
     * heap stays at most half full with it, else the weights are packed on every call as before.
     */
    private static float[] newCopy(Matrix w, int panels) {
        if (w.dtype() != DType.F32) return null;
        long floats = (long) panels * w.in() * PANEL;
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        if (floats > Integer.MAX_VALUE - 16 || used + floats * 4 > rt.maxMemory() / 2) return null;
        return new float[(int) floats];
    }

    /**
     * Outputs {@code [o0, o0+PANEL)} of rows {@code [t0, t1)}. The register tiles accumulate into whole
     * panel-wide rows without masks or bias (so the hot loop stays small enough for the JIT to keep every
     * vector in a register): straight into {@code y} for a full panel, into a padded scratch block for the
     * last, narrower one. The bias is added once at the end. The panel comes from {@code copy} (the packed
     * copy of the whole matrix, packed into first if {@code fill}) or, without one, is packed into scratch.
     */
    private static void multiplyPanel(float[] x, Matrix w, float[] bias, float[] y, int o0, int t0, int t1,
                                      float[] copy, boolean fill) {
        int in = w.in(), out = w.out(), width = Math.min(PANEL, out - o0);
        boolean full = width == PANEL;
        float[] dst = full ? y : scratch(TAIL, (t1 - t0) * PANEL);
        int stride = full ? out : PANEL, first = full ? t0 * out + o0 : 0;
        for (int t = t0; t < t1; t++) {
            int d = first + (t - t0) * stride;
            Arrays.fill(dst, d, d + PANEL, 0f);
        }
        for (int k0 = 0; k0 < in; k0 += DEPTH) {
            int k1 = Math.min(in, k0 + DEPTH), depth = k1 - k0;
            float[] p = copy != null ? copy : scratch(PACKED, DEPTH * PANEL);
            int p0 = copy != null ? (o0 / PANEL * in + k0) * PANEL : 0;
            if (copy == null || fill) packPanel(w, o0, width, k0, k1, p, p0);
            int t = t0;
            for (; t + 6 <= t1; t += 6) tile6(x, t * in + k0, in, depth, p, p0, dst, first + (t - t0) * stride, stride);
            for (; t + 4 <= t1; t += 4) tile4(x, t * in + k0, in, depth, p, p0, dst, first + (t - t0) * stride, stride);
            for (; t < t1; t++) tile1(x, t * in + k0, depth, p, p0, dst, first + (t - t0) * stride);
        }
        for (int t = t0; t < t1; t++) {
            int d = first + (t - t0) * stride, yo = t * out + o0;
            if (!full) System.arraycopy(dst, d, y, yo, width);
            if (bias != null) addInPlace(y, yo, bias, o0, width);
        }
    }

    private static void addInPlace(float[] a, int aOff, float[] b, int bOff, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector.fromArray(F, a, aOff + i).add(FloatVector.fromArray(F, b, bOff + i)).intoArray(a, aOff + i);
        }
        for (; i < len; i++) a[aOff + i] += b[bOff + i];
    }

    private static float[] scratch(ThreadLocal<float[]> local, int size) {
        float[] a = local.get();
        if (a.length < size) local.set(a = new float[size]);
        return a;
    }

    /**
     * Weights of outputs {@code [o0, o0+width)} and inputs {@code [k0, k1)} as floats laid out
     * {@code p[off + k·PANEL + j]}, zero-padded past {@code width}.
     */
    private static void packPanel(Matrix w, int o0, int width, int k0, int k1, float[] p, int off) {
        int depth = k1 - k0;
        if (width < PANEL) Arrays.fill(p, off, off + depth * PANEL, 0f);
        if (w.layout() == Matrix.Layout.IN_OUT) {
            // rows of the stored matrix are contiguous outputs: whole vectors at a time
            int vectors = width / L;
            for (int k = 0; k < depth; k++) {
                long row = (long) (k0 + k) * w.out() + o0;
                int j = 0, dst = off + k * PANEL;
                for (; j < vectors * L; j += L) load(w, row + j).intoArray(p, dst + j);
                for (; j < width; j++) p[dst + j] = w.element(row + j);
            }
        } else {
            packTransposed(w, o0, width, k0, depth, p, off);
        }
    }

    /**
     * The {@code nn.Linear} case, where each output's weights are contiguous: {@link #L}x{@link #L} blocks are
     * read as whole vectors (one per output) into a small row-major block and written back by strided gathers,
     * one per input, which transposes the block. Element by element, this packing cost a sixth of the multiply.
     */
    private static void packTransposed(Matrix w, int o0, int width, int k0, int depth, float[] p, int off) {
        float[] block = scratch(BLOCK, L * L);
        int wholeWidth = width / L * L, wholeDepth = depth / L * L;
        for (int j0 = 0; j0 < wholeWidth; j0 += L) {
            for (int k = 0; k < wholeDepth; k += L) {
                for (int r = 0; r < L; r++) load(w, (long) (o0 + j0 + r) * w.in() + k0 + k).intoArray(block, r * L);
                for (int c = 0; c < L; c++) FloatVector.fromArray(F, block, c, COLUMN, 0).intoArray(p, off + (k + c) * PANEL + j0);
            }
        }
        for (int k = 0; k < depth; k++) {
            long at = k0 + k;
            int dst = off + k * PANEL;
            for (int j = k < wholeDepth ? wholeWidth : 0; j < width; j++) p[dst + j] = w.element((long) (o0 + j) * w.in() + at);
        }
    }

    /**
     * {@code dst[d0 + i·stride + j] += Σ_k x[xOff + i·xStride + k] · p[p0 + k·PANEL + j]} for six rows {@code i}
     * and the panel's {@code PANEL} columns {@code j}, over {@code depth} values of {@code k}: 24 accumulators,
     * 4 loads and 6 broadcasts per 24 multiply-adds.
     */
    private static void tile6(float[] x, int xOff, int xStride, int depth, float[] p, int p0, float[] dst, int d0, int stride) {
        int e0 = d0 + 0 * stride, x0 = xOff + 0 * xStride;
        int e1 = d0 + 1 * stride, x1 = xOff + 1 * xStride;
        int e2 = d0 + 2 * stride, x2 = xOff + 2 * xStride;
        int e3 = d0 + 3 * stride, x3 = xOff + 3 * xStride;
        int e4 = d0 + 4 * stride, x4 = xOff + 4 * xStride;
        int e5 = d0 + 5 * stride, x5 = xOff + 5 * xStride;
        FloatVector c00 = FloatVector.fromArray(F, dst, e0), c01 = FloatVector.fromArray(F, dst, e0 + L);
        FloatVector c02 = FloatVector.fromArray(F, dst, e0 + 2 * L), c03 = FloatVector.fromArray(F, dst, e0 + 3 * L);
        FloatVector c10 = FloatVector.fromArray(F, dst, e1), c11 = FloatVector.fromArray(F, dst, e1 + L);
        FloatVector c12 = FloatVector.fromArray(F, dst, e1 + 2 * L), c13 = FloatVector.fromArray(F, dst, e1 + 3 * L);
        FloatVector c20 = FloatVector.fromArray(F, dst, e2), c21 = FloatVector.fromArray(F, dst, e2 + L);
        FloatVector c22 = FloatVector.fromArray(F, dst, e2 + 2 * L), c23 = FloatVector.fromArray(F, dst, e2 + 3 * L);
        FloatVector c30 = FloatVector.fromArray(F, dst, e3), c31 = FloatVector.fromArray(F, dst, e3 + L);
        FloatVector c32 = FloatVector.fromArray(F, dst, e3 + 2 * L), c33 = FloatVector.fromArray(F, dst, e3 + 3 * L);
        FloatVector c40 = FloatVector.fromArray(F, dst, e4), c41 = FloatVector.fromArray(F, dst, e4 + L);
        FloatVector c42 = FloatVector.fromArray(F, dst, e4 + 2 * L), c43 = FloatVector.fromArray(F, dst, e4 + 3 * L);
        FloatVector c50 = FloatVector.fromArray(F, dst, e5), c51 = FloatVector.fromArray(F, dst, e5 + L);
        FloatVector c52 = FloatVector.fromArray(F, dst, e5 + 2 * L), c53 = FloatVector.fromArray(F, dst, e5 + 3 * L);
        for (int k = 0; k < depth; k++) {
            int pb = p0 + k * PANEL;
            FloatVector b0 = FloatVector.fromArray(F, p, pb);
            FloatVector b1 = FloatVector.fromArray(F, p, pb + L);
            FloatVector b2 = FloatVector.fromArray(F, p, pb + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, p, pb + 3 * L);
            FloatVector a;
            a = FloatVector.broadcast(F, x[x0 + k]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            c02 = a.fma(b2, c02);
            c03 = a.fma(b3, c03);
            a = FloatVector.broadcast(F, x[x1 + k]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            c12 = a.fma(b2, c12);
            c13 = a.fma(b3, c13);
            a = FloatVector.broadcast(F, x[x2 + k]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            c22 = a.fma(b2, c22);
            c23 = a.fma(b3, c23);
            a = FloatVector.broadcast(F, x[x3 + k]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            c32 = a.fma(b2, c32);
            c33 = a.fma(b3, c33);
            a = FloatVector.broadcast(F, x[x4 + k]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            c42 = a.fma(b2, c42);
            c43 = a.fma(b3, c43);
            a = FloatVector.broadcast(F, x[x5 + k]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            c52 = a.fma(b2, c52);
            c53 = a.fma(b3, c53);
        }
        c00.intoArray(dst, e0);
        c01.intoArray(dst, e0 + L);
        c02.intoArray(dst, e0 + 2 * L);
        c03.intoArray(dst, e0 + 3 * L);
        c10.intoArray(dst, e1);
        c11.intoArray(dst, e1 + L);
        c12.intoArray(dst, e1 + 2 * L);
        c13.intoArray(dst, e1 + 3 * L);
        c20.intoArray(dst, e2);
        c21.intoArray(dst, e2 + L);
        c22.intoArray(dst, e2 + 2 * L);
        c23.intoArray(dst, e2 + 3 * L);
        c30.intoArray(dst, e3);
        c31.intoArray(dst, e3 + L);
        c32.intoArray(dst, e3 + 2 * L);
        c33.intoArray(dst, e3 + 3 * L);
        c40.intoArray(dst, e4);
        c41.intoArray(dst, e4 + L);
        c42.intoArray(dst, e4 + 2 * L);
        c43.intoArray(dst, e4 + 3 * L);
        c50.intoArray(dst, e5);
        c51.intoArray(dst, e5 + L);
        c52.intoArray(dst, e5 + 2 * L);
        c53.intoArray(dst, e5 + 3 * L);
    }

    /** {@link #tile6} for four rows: sixteen accumulators held in registers. */
    private static void tile4(float[] x, int xOff, int xStride, int depth, float[] p, int p0, float[] dst, int d0, int stride) {
        int d1 = d0 + stride, d2 = d1 + stride, d3 = d2 + stride;
        FloatVector c00 = FloatVector.fromArray(F, dst, d0), c01 = FloatVector.fromArray(F, dst, d0 + L);
        FloatVector c02 = FloatVector.fromArray(F, dst, d0 + 2 * L), c03 = FloatVector.fromArray(F, dst, d0 + 3 * L);
        FloatVector c10 = FloatVector.fromArray(F, dst, d1), c11 = FloatVector.fromArray(F, dst, d1 + L);
        FloatVector c12 = FloatVector.fromArray(F, dst, d1 + 2 * L), c13 = FloatVector.fromArray(F, dst, d1 + 3 * L);
        FloatVector c20 = FloatVector.fromArray(F, dst, d2), c21 = FloatVector.fromArray(F, dst, d2 + L);
        FloatVector c22 = FloatVector.fromArray(F, dst, d2 + 2 * L), c23 = FloatVector.fromArray(F, dst, d2 + 3 * L);
        FloatVector c30 = FloatVector.fromArray(F, dst, d3), c31 = FloatVector.fromArray(F, dst, d3 + L);
        FloatVector c32 = FloatVector.fromArray(F, dst, d3 + 2 * L), c33 = FloatVector.fromArray(F, dst, d3 + 3 * L);
        int x0 = xOff, x1 = x0 + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
        for (int k = 0; k < depth; k++) {
            int pb = p0 + k * PANEL;
            FloatVector b0 = FloatVector.fromArray(F, p, pb);
            FloatVector b1 = FloatVector.fromArray(F, p, pb + L);
            FloatVector b2 = FloatVector.fromArray(F, p, pb + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, p, pb + 3 * L);
            FloatVector a = FloatVector.broadcast(F, x[x0 + k]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            c02 = a.fma(b2, c02);
            c03 = a.fma(b3, c03);
            a = FloatVector.broadcast(F, x[x1 + k]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            c12 = a.fma(b2, c12);
            c13 = a.fma(b3, c13);
            a = FloatVector.broadcast(F, x[x2 + k]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            c22 = a.fma(b2, c22);
            c23 = a.fma(b3, c23);
            a = FloatVector.broadcast(F, x[x3 + k]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            c32 = a.fma(b2, c32);
            c33 = a.fma(b3, c33);
        }
        c00.intoArray(dst, d0);
        c01.intoArray(dst, d0 + L);
        c02.intoArray(dst, d0 + 2 * L);
        c03.intoArray(dst, d0 + 3 * L);
        c10.intoArray(dst, d1);
        c11.intoArray(dst, d1 + L);
        c12.intoArray(dst, d1 + 2 * L);
        c13.intoArray(dst, d1 + 3 * L);
        c20.intoArray(dst, d2);
        c21.intoArray(dst, d2 + L);
        c22.intoArray(dst, d2 + 2 * L);
        c23.intoArray(dst, d2 + 3 * L);
        c30.intoArray(dst, d3);
        c31.intoArray(dst, d3 + L);
        c32.intoArray(dst, d3 + 2 * L);
        c33.intoArray(dst, d3 + 3 * L);
    }

    /** {@link #tile6} for one row. */
    private static void tile1(float[] x, int xOff, int depth, float[] p, int p0, float[] dst, int d0) {
        FloatVector c0 = FloatVector.fromArray(F, dst, d0), c1 = FloatVector.fromArray(F, dst, d0 + L);
        FloatVector c2 = FloatVector.fromArray(F, dst, d0 + 2 * L), c3 = FloatVector.fromArray(F, dst, d0 + 3 * L);
        for (int k = 0; k < depth; k++) {
            int pb = p0 + k * PANEL;
            FloatVector a = FloatVector.broadcast(F, x[xOff + k]);
            c0 = a.fma(FloatVector.fromArray(F, p, pb), c0);
            c1 = a.fma(FloatVector.fromArray(F, p, pb + L), c1);
            c2 = a.fma(FloatVector.fromArray(F, p, pb + 2 * L), c2);
            c3 = a.fma(FloatVector.fromArray(F, p, pb + 3 * L), c3);
        }
        c0.intoArray(dst, d0);
        c1.intoArray(dst, d0 + L);
        c2.intoArray(dst, d0 + 2 * L);
        c3.intoArray(dst, d0 + 3 * L);
    }

    /** Few rows: read each weight once straight from the segment, as dot products or as row updates. */
    private void streamingMatmul(float[] x, int n, Matrix w, float[] bias, float[] y) {
        int in = w.in(), out = w.out();
        if (w.layout() == Matrix.Layout.OUT_IN) {
            parallel.forChunks(out, (from, to) -> {
                for (int o = from; o < to; o++) {
                    long row = (long) o * in;
                    for (int t = 0; t < n; t++) {
                        float s = segmentDot(w, row, x, t * in, in);
                        y[t * out + o] = bias == null ? s : s + bias[o];
                    }
                }
            });
        } else {
            // column chunks aligned to whole vectors, so each task updates its own slice of y
            int vectors = (out + L - 1) / L;
            parallel.forChunks(vectors, (fromV, toV) -> {
                int from = fromV * L, to = Math.min(out, toV * L);
                for (int t = 0; t < n; t++) {
                    int yr = t * out;
                    for (int o = from; o < to; o++) y[yr + o] = bias == null ? 0 : bias[o];
                    for (int i = 0; i < in; i++) segmentAxpy(x[t * in + i], w, (long) i * out, y, yr, from, to);
                }
            });
        }
    }

    /** {@code Σ W[row + i]·x[xOff + i]} over {@code len} stored elements. */
    private static float segmentDot(Matrix w, long row, float[] x, int xOff, int len) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            acc = load(w, row + i).fma(FloatVector.fromArray(F, x, xOff + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) s += w.element(row + i) * x[xOff + i];
        return s;
    }

    /** {@code y[yOff + o] += a·W[row + o]} for {@code o} in {@code [from, to)}. */
    private static void segmentAxpy(float a, Matrix w, long row, float[] y, int yOff, int from, int to) {
        FloatVector av = FloatVector.broadcast(F, a);
        int o = from;
        for (; o + L <= to; o += L) {
            av.fma(load(w, row + o), FloatVector.fromArray(F, y, yOff + o)).intoArray(y, yOff + o);
        }
        for (; o < to; o++) y[yOff + o] += a * w.element(row + o);
    }

    /** {@link #L} stored elements from element {@code index}, converted to float lanes. */
    static FloatVector load(Matrix w, long index) {
        MemorySegment seg = w.data();
        return switch (w.dtype()) {
            case F32 -> FloatVector.fromMemorySegment(F, seg, index * 4, LE);
            case BF16 -> widen(seg, index).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            case F16 -> halfToFloat(widen(seg, index));
            default -> throw new AssertionError(w.dtype());
        };
    }

    private static IntVector widen(MemorySegment seg, long index) {
        return (IntVector) ShortVector.fromMemorySegment(S, seg, index * 2, LE)
                .convertShape(VectorOperators.ZERO_EXTEND_S2I, I, 0);
    }

    /**
     * IEEE half to float, lane-wise: shifting the exponent and mantissa into float position and scaling by
     * 2¹¹² re-biases normal and subnormal values alike; infinities and NaNs get the float exponent instead.
     */
    static FloatVector halfToFloat(IntVector h) {
        IntVector magnitude = h.and(0x7FFF);
        IntVector shifted = magnitude.lanewise(VectorOperators.LSHL, 13);
        FloatVector finite = shifted.reinterpretAsFloats().mul(0x1p112f);
        FloatVector special = shifted.or(0x7F800000).reinterpretAsFloats();
        FloatVector value = finite.blend(special, magnitude.compare(VectorOperators.GE, 0x7C00).cast(F));
        IntVector sign = h.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        return value.reinterpretAsInts().or(sign).reinterpretAsFloats();
    }

    // ---------------------------------------------------------------- element-wise and row kernels

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            acc = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) s += a[aOff + i] * b[bOff + i];
        return s;
    }

    @Override
    public void add(float[] a, int aOff, float[] b, int bOff, int len) {
        addInPlace(a, aOff, b, bOff, len);
    }

    @Override
    public void multiply(float[] a, int aOff, float[] b, int bOff, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector.fromArray(F, a, aOff + i).mul(FloatVector.fromArray(F, b, bOff + i)).intoArray(a, aOff + i);
        }
        for (; i < len; i++) a[aOff + i] *= b[bOff + i];
    }

    @Override
    public void layerNorm(float[] x, int off, int len, float[] gain, float[] bias, float eps, float[] out, int outOff) {
        float mean = sum(x, off, len) / len;
        FloatVector mv = FloatVector.broadcast(F, mean);
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector d = FloatVector.fromArray(F, x, off + i).sub(mv);
            acc = d.fma(d, acc);
        }
        float var = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) var += (x[off + i] - mean) * (x[off + i] - mean);
        float inv = (float) (1 / Math.sqrt(var / len + eps));
        FloatVector iv = FloatVector.broadcast(F, inv);
        i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector.fromArray(F, x, off + i).sub(mv).mul(iv)
                    .fma(FloatVector.fromArray(F, gain, i), FloatVector.fromArray(F, bias, i))
                    .intoArray(out, outOff + i);
        }
        for (; i < len; i++) out[outOff + i] = (x[off + i] - mean) * inv * gain[i] + bias[i];
    }

    @Override
    public void rmsNorm(float[] x, int off, int len, float[] gain, float eps, float[] out, int outOff) {
        float ss = dot(x, off, x, off, len);
        float inv = (float) (1 / Math.sqrt(ss / len + eps));
        FloatVector iv = FloatVector.broadcast(F, inv);
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector.fromArray(F, x, off + i).mul(iv).mul(FloatVector.fromArray(F, gain, i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) out[outOff + i] = x[off + i] * inv * gain[i];
    }

    private static float sum(float[] x, int off, int len) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) acc = acc.add(FloatVector.fromArray(F, x, off + i));
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) s += x[off + i];
        return s;
    }

    @Override
    public void activate(Activation act, float[] x, int off, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            activate(act, FloatVector.fromArray(F, x, off + i)).intoArray(x, off + i);
        }
        for (; i < len; i++) x[off + i] = ScalarKernels.activate(act, x[off + i]);
    }

    private static FloatVector activate(Activation act, FloatVector x) {
        return switch (act) {
            case GELU_TANH -> {
                FloatVector inner = x.mul(x).mul(x).mul(0.044715f).add(x).mul(ScalarKernels.SQRT_2_OVER_PI);
                yield x.mul(0.5f).mul(inner.lanewise(VectorOperators.TANH).add(1f));
            }
            case GELU_ERF -> x.mul(0.5f).mul(erf(x.mul((float) (1 / Math.sqrt(2)))).add(1f));
            case RELU -> x.max(0f);
            case SILU -> x.div(x.neg().lanewise(VectorOperators.EXP).add(1f));
        };
    }

    /** {@link ScalarKernels#erf}'s formula, lane-wise in float. */
    private static FloatVector erf(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector t = ax.fma(ScalarKernels.ERF_P, 1f);
        t = FloatVector.broadcast(F, 1f).div(t);
        FloatVector poly = t.fma(ScalarKernels.ERF_A5, ScalarKernels.ERF_A4);
        poly = poly.fma(t, FloatVector.broadcast(F, ScalarKernels.ERF_A3));
        poly = poly.fma(t, FloatVector.broadcast(F, ScalarKernels.ERF_A2));
        poly = poly.fma(t, FloatVector.broadcast(F, ScalarKernels.ERF_A1));
        poly = poly.mul(t);
        FloatVector y = FloatVector.broadcast(F, 1f).sub(poly.mul(ax.mul(ax).neg().lanewise(VectorOperators.EXP)));
        return y.blend(y.neg(), x.lt(0f));
    }

    @Override
    public void softmax(float[] x, int off, int len) {
        softmax(x, off, len, 1f);
    }

    /** {@code softmax(scale·x)} in place, for {@code scale > 0}. */
    private static void softmax(float[] x, int off, int len, float scale) {
        float max = max(x, off, len);
        FloatVector mv = FloatVector.broadcast(F, max);
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector e = FloatVector.fromArray(F, x, off + i).sub(mv).mul(scale).lanewise(VectorOperators.EXP);
            e.intoArray(x, off + i);
            acc = acc.add(e);
        }
        double sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            x[off + i] = (float) Math.exp((x[off + i] - max) * scale);
            sum += x[off + i];
        }
        float inv = (float) (1 / sum);
        i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector.fromArray(F, x, off + i).mul(inv).intoArray(x, off + i);
        }
        for (; i < len; i++) x[off + i] *= inv;
    }

    private static float max(float[] x, int off, int len) {
        FloatVector acc = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) acc = acc.max(FloatVector.fromArray(F, x, off + i));
        float m = acc.reduceLanes(VectorOperators.MAX);
        for (; i < len; i++) m = Math.max(m, x[off + i]);
        return m;
    }

    /** Lane sums of up to this many vectors go into the double total, bounding float rounding. */
    private static final int FLUSH = 64;

    @Override
    public double logSumExp(float[] x, int off, int len) {
        float max = max(x, off, len);
        FloatVector mv = FloatVector.broadcast(F, max);
        double sum = 0;
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; ) {
            FloatVector acc = FloatVector.zero(F);
            for (int k = 0; k < FLUSH && i < bound; k++, i += L) {
                acc = acc.add(FloatVector.fromArray(F, x, off + i).sub(mv).lanewise(VectorOperators.EXP));
            }
            sum += acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < len; i++) sum += Math.exp(x[off + i] - max);
        return max + Math.log(sum);
    }

    @Override
    public void rotary(float[] x, int off, int rotaryDim, RopeStyle style, float[] cos, float[] sin, int csOff) {
        int half = rotaryDim / 2;
        int i = 0;
        if (style == RopeStyle.HALF) {
            for (int bound = F.loopBound(half); i < bound; i += L) {
                FloatVector a = FloatVector.fromArray(F, x, off + i), b = FloatVector.fromArray(F, x, off + half + i);
                FloatVector c = FloatVector.fromArray(F, cos, csOff + i), s = FloatVector.fromArray(F, sin, csOff + i);
                a.mul(c).sub(b.mul(s)).intoArray(x, off + i);
                b.mul(c).add(a.mul(s)).intoArray(x, off + half + i);
            }
        }
        // GPT-J's interleaved pairs (and the tail of short heads) stay scalar: O(rotaryDim) per head is noise
        // next to the projections, and de-interleaving lanes would cost more than it saves
        ScalarKernels.rotatePairs(x, off, rotaryDim, style, cos, sin, csOff, i);
    }

    /** Queries six at a time through the matrix multiply's register tile, the remaining few one at a time. */
    @Override
    public void attention(float[] q, int qOff, int qStride, int rows, KvView kv, int kvOff, int headDim, int last,
                          int window, float scale, float[] out, int outOff, int outStride) {
        int tiled = rows / 6 * 6;
        if (tiled > 0) attendInSixes(q, qOff, qStride, tiled, kv, kvOff, headDim, last, window, scale, out, outOff, outStride);
        for (int i = tiled; i < rows; i++) {
            int p = last + i, first = Kernels.first(p, window);
            attendOne(q, qOff + i * qStride, kv, kvOff, headDim, first, p, scale, scratch(SCORES, p - first + 1), out,
                    outOff + i * outStride);
        }
    }

    /**
     * Six queries at a time as two small matrix multiplies on {@link #tile6}: their scores against the transposed
     * keys, then their softmax weights against the values. The keys and values the rows see are packed once for
     * all of them into {@code PANEL}-wide panels, zero past the last position and past the head's width, so both
     * multiplies run the tile at full width; a position a query must not see gets weight 0. One query at a time,
     * every key and value loaded fed a single multiply-add; here each feeds six.
     */
    private static void attendInSixes(float[] q, int qOff, int qStride, int rows, KvView kv, int kvOff, int headDim,
                                      int last, int window, float scale, float[] out, int outOff, int outStride) {
        int lo = Kernels.first(last, window), span = last + rows - lo;
        int blocks = (span + PANEL - 1) / PANEL, width = blocks * PANEL, chunks = (headDim + PANEL - 1) / PANEL;
        float[] keys = packKeys(kv, kvOff, headDim, lo, span, blocks);
        float[] values = packValues(kv, kvOff, headDim, lo, span, chunks);
        float[] scores = scratch(SCORES, 6 * width), sums = scratch(SUMS, 6 * PANEL);
        for (int r = 0; r < rows; r += 6) {
            // positions relative to lo: the six see at most [from, top]
            int from = Kernels.first(last + r, window) - lo, top = last + r + 5 - lo;
            int b0 = from / PANEL, b1 = top / PANEL;
            for (int i = 0; i < 6; i++) Arrays.fill(scores, i * width + b0 * PANEL, i * width + (b1 + 1) * PANEL, 0f);
            for (int b = b0; b <= b1; b++) {
                tile6(q, qOff + r * qStride, qStride, headDim, keys, b * headDim * PANEL, scores, b * PANEL, width);
            }
            for (int i = 0; i < 6; i++) {
                int row = i * width, f = Kernels.first(last + r + i, window) - lo, e = last + r + i - lo;
                softmax(scores, row + f, e - f + 1, scale);
                Arrays.fill(scores, row + from, row + f, 0f);
                Arrays.fill(scores, row + e + 1, row + top + 1, 0f);
            }
            for (int c = 0; c < chunks; c++) {
                Arrays.fill(sums, 0, 6 * PANEL, 0f);
                tile6(scores, from, width, top + 1 - from, values, (c * span + from) * PANEL, sums, 0, PANEL);
                int cols = Math.min(PANEL, headDim - c * PANEL);
                for (int i = 0; i < 6; i++) System.arraycopy(sums, i * PANEL, out, outOff + (r + i) * outStride + c * PANEL, cols);
            }
        }
    }

    /** Keys of positions {@code [lo, lo + span)} as {@code [block][d][PANEL]}: the transposed keys, cut into panels. */
    private static float[] packKeys(KvView kv, int kvOff, int headDim, int lo, int span, int blocks) {
        float[] p = scratch(KEYS, blocks * headDim * PANEL);
        int filled = span - (blocks - 1) * PANEL, last = (blocks - 1) * headDim;
        for (int d = 0; d < headDim; d++) Arrays.fill(p, (last + d) * PANEL + filled, (last + d + 1) * PANEL, 0f);
        int[] start = kv.start(), length = kv.length();
        for (int r = 0; r < start.length; r++) {
            int from = Math.max(lo, start[r]), to = Math.min(lo + span, start[r] + length[r]);
            float[] keys = kv.keys()[r];
            for (int pos = from, n; pos < to; pos += n) {
                int b = (pos - lo) / PANEL, j = (pos - lo) % PANEL;
                n = Math.min(PANEL - j, to - pos);
                for (int d = 0; d < headDim; d++) {
                    System.arraycopy(keys, (kvOff + d) * length[r] + pos - start[r], p, (b * headDim + d) * PANEL + j, n);
                }
            }
        }
        return p;
    }

    /** Values of positions {@code [lo, lo + span)} as {@code [chunk][position][PANEL]}: the head's columns, cut into panels. */
    private static float[] packValues(KvView kv, int kvOff, int headDim, int lo, int span, int chunks) {
        float[] p = scratch(VALUES, chunks * span * PANEL);
        int[] start = kv.start(), length = kv.length();
        for (int r = 0; r < start.length; r++) {
            int from = Math.max(lo, start[r]), to = Math.min(lo + span, start[r] + length[r]);
            float[] values = kv.values()[r];
            for (int pos = from; pos < to; pos++) {
                int src = (pos - start[r]) * kv.stride() + kvOff;
                for (int c = 0; c < chunks; c++) {
                    int cols = Math.min(PANEL, headDim - c * PANEL), dst = (c * span + pos - lo) * PANEL;
                    System.arraycopy(values, src + c * PANEL, p, dst, cols);
                    if (cols < PANEL) Arrays.fill(p, dst + cols, dst + PANEL, 0f);
                }
            }
        }
        return p;
    }

    private static void attendOne(float[] q, int qOff, KvView kv, int kvOff, int headDim, int first, int last, float scale,
                                  float[] scores, float[] out, int outOff) {
        int stride = kv.stride();
        int[] start = kv.start(), length = kv.length();
        for (int r = 0; r < start.length; r++) {
            int from = Math.max(first, start[r]), to = Math.min(last, start[r] + length[r] - 1);
            float[] keys = kv.keys()[r];
            int len = length[r], i = from - start[r], end = to - start[r] + 1;
            int k0 = kvOff * len, out0 = start[r] - first;
            // 4L positions at a time: one broadcast query element times four loads of transposed keys, four
            // independent sums so the multiply-adds overlap instead of waiting on one another
            for (; i + 4 * L <= end; i += 4 * L) scores4(q, qOff, keys, k0 + i, len, headDim, scale, scores, out0 + i);
            // the rest L positions at a time; the last block may run past the query into later positions
            // of the run (computed, not stored) while it stays inside the run
            for (; i < end && i + L <= len; i += L) {
                FloatVector even = FloatVector.zero(F), odd = even;
                int d = 0, k = k0 + i;
                for (; d + 1 < headDim; d += 2, k += 2 * len) {
                    even = FloatVector.broadcast(F, q[qOff + d]).fma(FloatVector.fromArray(F, keys, k), even);
                    odd = FloatVector.broadcast(F, q[qOff + d + 1]).fma(FloatVector.fromArray(F, keys, k + len), odd);
                }
                if (d < headDim) even = FloatVector.broadcast(F, q[qOff + d]).fma(FloatVector.fromArray(F, keys, k), even);
                FloatVector s = even.add(odd).mul(scale);
                if (i + L <= end) s.intoArray(scores, out0 + i);
                else s.intoArray(scores, out0 + i, F.indexInRange(i, end));
            }
            for (; i < end; i++) {
                float dot = 0;
                for (int d = 0, k = k0 + i; d < headDim; d++, k += len) dot += q[qOff + d] * keys[k];
                scores[out0 + i] = dot * scale;
            }
        }
        softmax(scores, 0, last - first + 1, 1f);
        int d = 0;
        for (; d + 4 * L <= headDim; d += 4 * L) weighValues4(scores, kv, first, last, kvOff + d, out, outOff + d);
        if (d < headDim) {
            Arrays.fill(out, outOff + d, outOff + headDim, 0f);
            for (int r = 0; r < start.length; r++) {
                int from = Math.max(first, start[r]), to = Math.min(last, start[r] + length[r] - 1);
                float[] values = kv.values()[r];
                for (int p = from; p <= to; p++) {
                    axpy(scores[p - first], values, (p - start[r]) * stride + kvOff + d, out, outOff + d, headDim - d);
                }
            }
        }
    }

    /** Scaled scores of the 4L consecutive positions whose transposed keys start at {@code keys[k]}. */
    private static void scores4(float[] q, int qOff, float[] keys, int k, int len, int headDim, float scale,
                                float[] scores, int off) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (int d = 0; d < headDim; d++, k += len) {
            FloatVector qd = FloatVector.broadcast(F, q[qOff + d]);
            a0 = qd.fma(FloatVector.fromArray(F, keys, k), a0);
            a1 = qd.fma(FloatVector.fromArray(F, keys, k + L), a1);
            a2 = qd.fma(FloatVector.fromArray(F, keys, k + 2 * L), a2);
            a3 = qd.fma(FloatVector.fromArray(F, keys, k + 3 * L), a3);
        }
        a0.mul(scale).intoArray(scores, off);
        a1.mul(scale).intoArray(scores, off + L);
        a2.mul(scale).intoArray(scores, off + 2 * L);
        a3.mul(scale).intoArray(scores, off + 3 * L);
    }

    /**
     * {@code out[0, 4L) = Σ_p weight_p · v_p[col, col+4L)}, the sums held in registers across all positions:
     * even and odd positions in separate sums, so consecutive multiply-adds do not wait on one another.
     */
    private static void weighValues4(float[] weights, KvView kv, int first, int last, int col, float[] out, int outOff) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        int stride = kv.stride();
        int[] start = kv.start(), length = kv.length();
        for (int r = 0; r < start.length; r++) {
            int from = Math.max(first, start[r]), to = Math.min(last, start[r] + length[r] - 1);
            float[] values = kv.values()[r];
            int p = from;
            for (; p + 1 <= to; p += 2) {
                FloatVector w = FloatVector.broadcast(F, weights[p - first]);
                FloatVector u = FloatVector.broadcast(F, weights[p + 1 - first]);
                int v = (p - start[r]) * stride + col, x = v + stride;
                a0 = w.fma(FloatVector.fromArray(F, values, v), a0);
                a1 = w.fma(FloatVector.fromArray(F, values, v + L), a1);
                a2 = w.fma(FloatVector.fromArray(F, values, v + 2 * L), a2);
                a3 = w.fma(FloatVector.fromArray(F, values, v + 3 * L), a3);
                b0 = u.fma(FloatVector.fromArray(F, values, x), b0);
                b1 = u.fma(FloatVector.fromArray(F, values, x + L), b1);
                b2 = u.fma(FloatVector.fromArray(F, values, x + 2 * L), b2);
                b3 = u.fma(FloatVector.fromArray(F, values, x + 3 * L), b3);
            }
            if (p <= to) {
                FloatVector w = FloatVector.broadcast(F, weights[p - first]);
                int v = (p - start[r]) * stride + col;
                a0 = w.fma(FloatVector.fromArray(F, values, v), a0);
                a1 = w.fma(FloatVector.fromArray(F, values, v + L), a1);
                a2 = w.fma(FloatVector.fromArray(F, values, v + 2 * L), a2);
                a3 = w.fma(FloatVector.fromArray(F, values, v + 3 * L), a3);
            }
        }
        a0.add(b0).intoArray(out, outOff);
        a1.add(b1).intoArray(out, outOff + L);
        a2.add(b2).intoArray(out, outOff + 2 * L);
        a3.add(b3).intoArray(out, outOff + 3 * L);
    }

    private static void axpy(float a, float[] x, int xOff, float[] y, int yOff, int len) {
        FloatVector av = FloatVector.broadcast(F, a);
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            av.fma(FloatVector.fromArray(F, x, xOff + i), FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) y[yOff + i] += a * x[xOff + i];
    }
}
