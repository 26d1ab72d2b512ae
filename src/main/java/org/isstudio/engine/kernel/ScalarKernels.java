package org.isstudio.engine.kernel;

import java.util.Arrays;

/**
 * Plain-Java reference kernels: the definition every SIMD kernel is tested against, and the fallback when the
 * Vector API is unavailable. Reductions accumulate in double so the reference is the more accurate side.
 */
public final class ScalarKernels implements Kernels {

    static final float SQRT_2_OVER_PI = 0.7978845608028654f;

    private final Parallel parallel;

    /** @param parallel rows of a matmul run on it; null runs everything on the calling thread */
    public ScalarKernels(Parallel parallel) {
        this.parallel = parallel;
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void matmul(float[] x, int n, Matrix w, float[] bias, float[] y) {
        int in = w.in(), out = w.out();
        checkMatmul(x, n, w, bias, y);
        Parallel.RangeBody rows = (from, to) -> {
            for (int t = from; t < to; t++) {
                for (int o = 0; o < out; o++) {
                    double s = bias == null ? 0 : bias[o];
                    for (int i = 0; i < in; i++) s += (double) x[t * in + i] * w.get(o, i);
                    y[t * out + o] = (float) s;
                }
            }
        };
        if (parallel == null) rows.run(0, n);
        else parallel.forChunks(n, rows);
    }

    static void checkMatmul(float[] x, int n, Matrix w, float[] bias, float[] y) {
        if (x.length < (long) n * w.in()) {
            throw new IllegalArgumentException("x has " + x.length + " floats, " + n + "x" + w.in() + " needed");
        }
        if (y.length < (long) n * w.out()) {
            throw new IllegalArgumentException("y has " + y.length + " floats, " + n + "x" + w.out() + " needed");
        }
        if (bias != null && bias.length != w.out()) {
            throw new IllegalArgumentException("bias has " + bias.length + " entries, " + w.out() + " needed");
        }
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) s += (double) a[aOff + i] * b[bOff + i];
        return (float) s;
    }

    @Override
    public void add(float[] a, int aOff, float[] b, int bOff, int len) {
        for (int i = 0; i < len; i++) a[aOff + i] += b[bOff + i];
    }

    @Override
    public void multiply(float[] a, int aOff, float[] b, int bOff, int len) {
        for (int i = 0; i < len; i++) a[aOff + i] *= b[bOff + i];
    }

    @Override
    public void layerNorm(float[] x, int off, int len, float[] gain, float[] bias, float eps, float[] out, int outOff) {
        double mean = 0;
        for (int i = 0; i < len; i++) mean += x[off + i];
        mean /= len;
        double var = 0;
        for (int i = 0; i < len; i++) {
            double d = x[off + i] - mean;
            var += d * d;
        }
        var /= len;
        double inv = 1 / Math.sqrt(var + eps);
        for (int i = 0; i < len; i++) {
            out[outOff + i] = (float) ((x[off + i] - mean) * inv * gain[i] + bias[i]);
        }
    }

    @Override
    public void rmsNorm(float[] x, int off, int len, float[] gain, float eps, float[] out, int outOff) {
        double ss = 0;
        for (int i = 0; i < len; i++) ss += (double) x[off + i] * x[off + i];
        double inv = 1 / Math.sqrt(ss / len + eps);
        for (int i = 0; i < len; i++) out[outOff + i] = (float) (x[off + i] * inv * gain[i]);
    }

    @Override
    public void activate(Activation act, float[] x, int off, int len) {
        for (int i = off; i < off + len; i++) x[i] = activate(act, x[i]);
    }

    static float activate(Activation act, float v) {
        double x = v;
        return (float) switch (act) {
            case GELU_TANH -> 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
            case GELU_ERF -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
            case RELU -> Math.max(x, 0);
            case SILU -> x / (1 + Math.exp(-x));
        };
    }

    /**
     * The error function, Abramowitz and Stegun 7.1.26 (|error| ≤ 1.5e-7, below float32 resolution of the
     * GELU output): {@code 1 − (a₁t + … + a₅t⁵)·e^(−x²)} with {@code t = 1/(1 + px)}.
     */
    static double erf(double x) {
        double ax = Math.abs(x);
        double t = 1 / (1 + ERF_P * ax);
        double poly = t * (ERF_A1 + t * (ERF_A2 + t * (ERF_A3 + t * (ERF_A4 + t * ERF_A5))));
        double y = 1 - poly * Math.exp(-ax * ax);
        return x < 0 ? -y : y;
    }

    static final float ERF_P = 0.3275911f;
    static final float ERF_A1 = 0.254829592f;
    static final float ERF_A2 = -0.284496736f;
    static final float ERF_A3 = 1.421413741f;
    static final float ERF_A4 = -1.453152027f;
    static final float ERF_A5 = 1.061405429f;

    @Override
    public void softmax(float[] x, int off, int len) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = off; i < off + len; i++) max = Math.max(max, x[i]);
        double sum = 0;
        for (int i = off; i < off + len; i++) {
            x[i] = (float) Math.exp(x[i] - max);
            sum += x[i];
        }
        float inv = (float) (1 / sum);
        for (int i = off; i < off + len; i++) x[i] *= inv;
    }

    @Override
    public double logSumExp(float[] x, int off, int len) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = off; i < off + len; i++) max = Math.max(max, x[i]);
        double sum = 0;
        for (int i = off; i < off + len; i++) sum += Math.exp(x[i] - max);
        return max + Math.log(sum);
    }

    @Override
    public void rotary(float[] x, int off, int rotaryDim, RopeStyle style, float[] cos, float[] sin, int csOff) {
        rotatePairs(x, off, rotaryDim, style, cos, sin, csOff, 0);
    }

    /** Rotates pairs {@code from..rotaryDim/2} of one head; also the tail the vector kernel leaves to scalar code. */
    static void rotatePairs(float[] x, int off, int rotaryDim, RopeStyle style, float[] cos, float[] sin, int csOff,
                            int from) {
        int half = rotaryDim / 2;
        for (int i = from; i < half; i++) {
            int a = style == RopeStyle.HALF ? off + i : off + 2 * i;
            int b = style == RopeStyle.HALF ? off + i + half : off + 2 * i + 1;
            float c = cos[csOff + i], s = sin[csOff + i];
            float xa = x[a], xb = x[b];
            x[a] = xa * c - xb * s;
            x[b] = xb * c + xa * s;
        }
    }

    @Override
    public void attention(float[] q, int qOff, int qStride, int rows, KvView kv, int kvOff, int headDim, int last,
                          int window, float scale, float[] out, int outOff, int outStride) {
        for (int i = 0; i < rows; i++) {
            int p = last + i;
            attendOne(q, qOff + i * qStride, kv, kvOff, headDim, Kernels.first(p, window), p, scale, out, outOff + i * outStride);
        }
    }

    private static void attendOne(float[] q, int qOff, KvView kv, int kvOff, int headDim, int first, int last, float scale,
                                  float[] out, int outOff) {
        float[] scores = new float[last - first + 1];
        int stride = kv.stride();
        float max = Float.NEGATIVE_INFINITY;
        for (int r = 0; r < kv.start().length; r++) {
            int from = Math.max(first, kv.start()[r]), to = Math.min(last, kv.start()[r] + kv.length()[r] - 1);
            float[] keys = kv.keys()[r];
            int len = kv.length()[r];
            for (int p = from; p <= to; p++) {
                double dot = 0;
                for (int d = 0; d < headDim; d++) dot += (double) q[qOff + d] * keys[(kvOff + d) * len + p - kv.start()[r]];
                float s = (float) dot * scale;
                scores[p - first] = s;
                max = Math.max(max, s);
            }
        }
        int count = last - first + 1;
        double sum = 0;
        for (int j = 0; j < count; j++) {
            scores[j] = (float) Math.exp(scores[j] - max);
            sum += scores[j];
        }
        float inv = (float) (1 / sum);
        Arrays.fill(out, outOff, outOff + headDim, 0f);
        for (int r = 0; r < kv.start().length; r++) {
            int from = Math.max(first, kv.start()[r]), to = Math.min(last, kv.start()[r] + kv.length()[r] - 1);
            float[] values = kv.values()[r];
            for (int p = from; p <= to; p++) {
                float w = scores[p - first] * inv;
                int v = (p - kv.start()[r]) * stride + kvOff;
                for (int d = 0; d < headDim; d++) out[outOff + d] += w * values[v + d];
            }
        }
    }
}
