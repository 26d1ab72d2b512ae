package org.isstudio.engine.arch;

import org.isstudio.engine.kernel.Activation;
import org.isstudio.engine.kernel.Matrix;
import org.isstudio.engine.load.HfConfig;

import java.util.List;

/**
 * GPT-Neo (Black et al. 2021): GPT-2's block with separate q/k/v projections (no biases), layers alternating
 * global attention and local attention over the last {@code window_size} positions, and no 1/√d scaling of
 * the attention scores (the Mesh-TensorFlow original left it out).
 */
final class GptNeo {

    private GptNeo() {
    }

    static Transformer build(Checkpoint ckpt) {
        HfConfig c = ckpt.config;
        int d = c.hiddenSize(), inner = c.intermediateSize();
        List<String> kinds = c.attentionLayers();
        Activation act = Activation.fromConfig(c.activation());
        var b = new Transformer.Builder(c);
        b.tokenEmbedding = ckpt.embedding("transformer.wte.weight", d);
        b.positionEmbedding = ckpt.matrix("transformer.wpe.weight", Matrix.Layout.OUT_IN, d, c.maxPositions());
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "transformer.h." + l + ".";
            String a = p + "attn.attention.";
            b.layers.add(new Layer(
                    ckpt.layerNorm(p + "ln_1", d),
                    new QkvProjection.Separate(ckpt.linear(a + "q_proj", d, d, false), ckpt.linear(a + "k_proj", d, d, false),
                            ckpt.linear(a + "v_proj", d, d, false)),
                    ckpt.linear(a + "out_proj", d, d, true),
                    ckpt.layerNorm(p + "ln_2", d),
                    new Mlp(ckpt.linear(p + "mlp.c_fc", d, inner, true), null, ckpt.linear(p + "mlp.c_proj", inner, d, true), act),
                    1f, kinds.get(l).equals("local") ? c.windowSize() : 0));
        }
        b.finalNorm = ckpt.layerNorm("transformer.ln_f", d);
        b.lmHead = ckpt.lmHead("lm_head", b.tokenEmbedding, false);
        return new Transformer(b);
    }
}
