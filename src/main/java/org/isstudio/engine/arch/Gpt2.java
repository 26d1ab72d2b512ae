package org.isstudio.engine.arch;

import org.isstudio.engine.kernel.Activation;
import org.isstudio.engine.kernel.Matrix;
import org.isstudio.engine.load.HfConfig;

/**
 * GPT-2 (Radford et al. 2019; transformers {@code modeling_gpt2.py}): learned positions, pre-LayerNorm,
 * fused q/k/v in {@code Conv1D} layers stored {@code [in, out]}, GELU MLP, LM head tied to the embedding.
 */
final class Gpt2 {

    private Gpt2() {
    }

    static Transformer build(Checkpoint ckpt) {
        HfConfig c = ckpt.config;
        int d = c.hiddenSize(), heads = c.numHeads(), headDim = c.headDim(), inner = c.intermediateSize();
        Activation act = Activation.fromConfig(c.activation());
        var b = new Transformer.Builder(c);
        b.tokenEmbedding = ckpt.embedding("transformer.wte.weight", d);
        b.positionEmbedding = ckpt.matrix("transformer.wpe.weight", Matrix.Layout.OUT_IN, d, c.maxPositions());
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "transformer.h." + l + ".";
            float scale = c.scaleAttnWeights() ? (float) (1 / Math.sqrt(headDim)) : 1f;
            if (c.scaleAttnByInverseLayerIdx()) scale /= l + 1;
            b.layers.add(new Layer(
                    ckpt.layerNorm(p + "ln_1", d),
                    new QkvProjection.Fused(ckpt.conv1d(p + "attn.c_attn", d, 3 * d), heads, headDim, false),
                    ckpt.conv1d(p + "attn.c_proj", d, d),
                    ckpt.layerNorm(p + "ln_2", d),
                    new Mlp(ckpt.conv1d(p + "mlp.c_fc", d, inner), null, ckpt.conv1d(p + "mlp.c_proj", inner, d), act),
                    scale, 0));
        }
        b.finalNorm = ckpt.layerNorm("transformer.ln_f", d);
        b.lmHead = ckpt.lmHead("lm_head", b.tokenEmbedding, false);
        return new Transformer(b);
    }
}
