package org.isstudio.engine.arch;

import org.isstudio.engine.kernel.Kernels;
import org.isstudio.engine.kernel.Matrix;

/** A projection: weights read in place from the checkpoint, the (small) bias upcast to float, or null. */
public record Linear(Matrix weight, float[] bias) {

    public int in() {
        return weight.in();
    }

    public int out() {
        return weight.out();
    }

    /** {@code y = x·Wᵀ + b} for {@code n} rows, into a new array. */
    float[] apply(Kernels k, float[] x, int n) {
        return apply(k, x, n, new float[n * out()]);
    }

    /** {@code y = x·Wᵀ + b} for {@code n} rows, overwriting the first {@code n × out} entries of {@code y}. */
    float[] apply(Kernels k, float[] x, int n, float[] y) {
        k.matmul(x, n, weight, bias, y);
        return y;
    }
}
