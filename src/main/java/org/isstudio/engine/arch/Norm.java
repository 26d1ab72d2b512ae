package org.isstudio.engine.arch;

import org.isstudio.engine.kernel.Kernels;

/** A LayerNorm ({@code bias} present) or an RMSNorm ({@code bias} null), with its gain. */
public record Norm(float[] gain, float[] bias, float eps) {

    public static Norm layer(float[] gain, float[] bias, double eps) {
        return new Norm(gain, bias, (float) eps);
    }

    public static Norm rms(float[] gain, double eps) {
        return new Norm(gain, null, (float) eps);
    }

    void apply(Kernels k, float[] x, int off, float[] out, int outOff) {
        if (bias == null) k.rmsNorm(x, off, gain.length, gain, eps, out, outOff);
        else k.layerNorm(x, off, gain.length, gain, bias, eps, out, outOff);
    }
}
