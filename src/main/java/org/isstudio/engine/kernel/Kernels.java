package org.isstudio.engine.kernel;

/**
 * The numeric building blocks of a transformer forward pass. {@link ScalarKernels} is the plain reference;
 * {@link VectorKernels} is the SIMD implementation (the only class that imports {@code jdk.incubator.vector})
 * and is tested against it kernel by kernel. Row-wise kernels work on {@code x[off .. off+len)} so callers
 * can run rows in parallel; {@link #matmul} parallelizes itself.
 */
public interface Kernels {

    /** A short name for reports, e.g. {@code vector-512} or {@code scalar}. */
    String name();

    /**
     * {@code y[t][o] = Σ_i x[t][i]·W[o][i] + bias[o]} for {@code n} rows: {@code x} is {@code n × w.in()},
     * {@code y} is {@code n × w.out()}, both row-major; {@code bias} may be null.
     */
    void matmul(float[] x, int n, Matrix w, float[] bias, float[] y);

    float dot(float[] a, int aOff, float[] b, int bOff, int len);

    /** {@code a += b} element-wise. */
    void add(float[] a, int aOff, float[] b, int bOff, int len);

    /** {@code a *= b} element-wise. */
    void multiply(float[] a, int aOff, float[] b, int bOff, int len);

    /** {@code out = (x − mean)/√(var + eps)·gain + bias} with the biased variance, as torch's LayerNorm. */
    void layerNorm(float[] x, int off, int len, float[] gain, float[] bias, float eps, float[] out, int outOff);

    /** {@code out = x/√(mean(x²) + eps)·gain}, as Llama's RMSNorm. */
    void rmsNorm(float[] x, int off, int len, float[] gain, float eps, float[] out, int outOff);

    /** Applies {@code act} in place. */
    void activate(Activation act, float[] x, int off, int len);

    /** Softmax in place. */
    void softmax(float[] x, int off, int len);

    /** {@code log Σ exp(x)}, accumulated in double: the normalizer of a log-softmax over a vocabulary. */
    double logSumExp(float[] x, int off, int len);

    /**
     * Rotates the first {@code rotaryDim} dimensions of one head vector {@code x[off ..]} in place: pair
     * {@code i} (paired as {@code style} says) by the angle whose cosine and sine are {@code cos[csOff + i]}
     * and {@code sin[csOff + i]}, {@code i < rotaryDim/2}. The remaining dimensions pass through.
     */
    void rotary(float[] x, int off, int rotaryDim, RopeStyle style, float[] cos, float[] sin, int csOff);

    /**
     * Causal attention of one head for {@code rows} consecutive queries: query {@code i}, at position
     * {@code last + i}, sees the positions {@code [first(last + i, window), last + i]} of {@code kv} and gets
     * {@code softmax(scale·q·kⱼ) · vⱼ}. Its vector is {@code q[qOff + i·qStride ..]} and its output
     * {@code out[outOff + i·outStride ..]}; the head's keys and values sit at {@code kvOff} within each cached row.
     */
    void attention(float[] q, int qOff, int qStride, int rows, KvView kv, int kvOff, int headDim, int last, int window,
                   float scale, float[] out, int outOff, int outStride);

    /** The first position a query at {@code position} sees: 0, or with a sliding {@code window} (> 0) the start of the window. */
    static int first(int position, int window) {
        return window > 0 ? Math.max(0, position - window + 1) : 0;
    }

    /**
     * The SIMD kernels when the Vector API module is present (the launcher and tests add it) and not switched
     * off with {@code -Disstudio.engine.scalar=true}; else the scalar reference.
     */
    static Kernels best(Parallel parallel) {
        boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (vectorModule && !Boolean.getBoolean("isstudio.engine.scalar")) return new VectorKernels(parallel);
        return new ScalarKernels(parallel);
    }
}
