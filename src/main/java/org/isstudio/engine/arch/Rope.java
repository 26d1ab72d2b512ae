package org.isstudio.engine.arch;

import org.isstudio.engine.kernel.RopeStyle;
import org.isstudio.engine.load.CheckpointFormatException;
import org.isstudio.engine.load.HfConfig;

import java.util.Arrays;

/**
 * Rotary position embedding (Su et al., RoFormer): the first {@code rotaryDim} dimensions of each query and
 * key head, taken in pairs, turn by {@code position·θᵢ} with {@code θᵢ = base^(−2i/rotaryDim)}. Angles are
 * formed in float32 as transformers does ({@code inv_freq} float32, {@code t·inv_freq} float32, then cos/sin),
 * so long positions round the same way.
 */
final class Rope {

    final int rotaryDim;
    final RopeStyle style;
    private final float[] invFreq;
    private volatile float[][] table = {new float[0], new float[0]};

    Rope(int rotaryDim, RopeStyle style, float[] invFreq) {
        this.rotaryDim = rotaryDim;
        this.style = style;
        this.invFreq = invFreq;
    }

    /** From config.json: {@code rope_theta} (or NeoX's {@code rotary_emb_base}) and {@code rope_scaling}. */
    static Rope fromConfig(HfConfig config, RopeStyle style) {
        int dim = config.rotaryDim();
        float base = (float) config.ropeTheta();
        float[] inv = new float[dim / 2];
        for (int i = 0; i < inv.length; i++) {
            float exponent = (float) (2 * i) / dim;
            inv[i] = 1.0f / (float) Math.pow(base, exponent);
        }
        config.ropeScaling().ifPresent(s -> scale(config, s, inv));
        return new Rope(dim, style, inv);
    }

    /** transformers' {@code rope_scaling} types that change the frequencies independently of the sequence. */
    private static void scale(HfConfig config, HfConfig.RopeScaling s, float[] inv) {
        switch (s.type()) {
            case "linear" -> {
                // positions divided by the factor, i.e. every frequency divided by it
                for (int i = 0; i < inv.length; i++) inv[i] = (float) (inv[i] / s.factor());
            }
            case "llama3" -> {
                // Llama 3.1: long wavelengths slowed by the factor, short ones kept, a smooth ramp between
                double low = number(config, s, "low_freq_factor"), high = number(config, s, "high_freq_factor");
                double context = number(config, s, "original_max_position_embeddings");
                double lowWavelen = context / low, highWavelen = context / high;
                for (int i = 0; i < inv.length; i++) {
                    double wavelen = 2 * Math.PI / inv[i];
                    if (wavelen > lowWavelen) {
                        inv[i] = (float) (inv[i] / s.factor());
                    } else if (wavelen >= highWavelen) {
                        double smooth = (context / wavelen - low) / (high - low);
                        inv[i] = (float) ((1 - smooth) * inv[i] / s.factor() + smooth * inv[i]);
                    }
                }
            }
            case "default" -> { }
            default -> throw new CheckpointFormatException(config.file(), "rope_scaling type \"" + s.type()
                    + "\" is not supported (supported: linear, llama3)");
        }
    }

    private static double number(HfConfig config, HfConfig.RopeScaling s, String key) {
        if (!s.params().path(key).isNumber()) {
            throw new CheckpointFormatException(config.file(), "rope_scaling." + key + " is missing or not a number");
        }
        return s.params().get(key).asDouble();
    }

    float[] inverseFrequencies() {
        return invFreq.clone();
    }

    /** Cosines ({@code [0]}) and sines ({@code [1]}), {@code rotaryDim/2} per position, for positions below {@code n}. */
    float[][] table(int n) {
        float[][] t = table;
        int half = invFreq.length;
        if (t[0].length >= n * half) return t;
        synchronized (this) {
            t = table;
            if (t[0].length >= n * half) return t;
            int size = Math.max(n, 2 * t[0].length / Math.max(1, half));
            float[] cos = Arrays.copyOf(t[0], size * half), sin = Arrays.copyOf(t[1], size * half);
            for (int p = t[0].length / Math.max(1, half); p < size; p++) {
                for (int i = 0; i < half; i++) {
                    float angle = p * invFreq[i];
                    cos[p * half + i] = (float) Math.cos(angle);
                    sin[p * half + i] = (float) Math.sin(angle);
                }
            }
            table = t = new float[][] {cos, sin};
            return t;
        }
    }
}
