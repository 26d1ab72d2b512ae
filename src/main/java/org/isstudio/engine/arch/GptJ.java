package org.isstudio.engine.arch;

import org.isstudio.engine.kernel.Activation;
import org.isstudio.engine.kernel.RopeStyle;
import org.isstudio.engine.load.HfConfig;

/**
 * GPT-J (Wang and Komatsuzaki 2021): one LayerNorm feeding attention and MLP in parallel,
 * {@code x + attn(ln₁(x)) + mlp(ln₁(x))}; rotary positions on the first {@code rotary_dim} dimensions of each
 * head in the interleaved layout ({@code rotate_every_two}); unbiased q/k/v/out; an untied LM head with a bias.
 */
final class GptJ {

    private GptJ() {
    }

    static Transformer build(Checkpoint ckpt) {
        HfConfig c = ckpt.config;
        int d = c.hiddenSize(), headDim = c.headDim(), inner = c.intermediateSize();
        Activation act = Activation.fromConfig(c.activation());
        var b = new Transformer.Builder(c);
        b.tokenEmbedding = ckpt.embedding("transformer.wte.weight", d);
        b.rope = Rope.fromConfig(c, RopeStyle.INTERLEAVED);
        b.residual = Transformer.Residual.PARALLEL;
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "transformer.h." + l + ".";
            b.layers.add(new Layer(
                    ckpt.layerNorm(p + "ln_1", d),
                    new QkvProjection.Separate(ckpt.linear(p + "attn.q_proj", d, d, false),
                            ckpt.linear(p + "attn.k_proj", d, d, false), ckpt.linear(p + "attn.v_proj", d, d, false)),
                    ckpt.linear(p + "attn.out_proj", d, d, false),
                    null,
                    new Mlp(ckpt.linear(p + "mlp.fc_in", d, inner, true), null, ckpt.linear(p + "mlp.fc_out", inner, d, true), act),
                    (float) (1 / Math.sqrt(headDim)), 0));
        }
        b.finalNorm = ckpt.layerNorm("transformer.ln_f", d);
        b.lmHead = ckpt.lmHead("lm_head", b.tokenEmbedding, true);
        return new Transformer(b);
    }
}
