package org.isstudio.engine.arch;

import org.isstudio.engine.kernel.Activation;
import org.isstudio.engine.kernel.RopeStyle;
import org.isstudio.engine.load.HfConfig;

/**
 * GPT-NeoX / Pythia (Black et al. 2022): GPT-2's block with rotary positions on the first
 * {@code rotary_pct} of each head (rotate-half layout), q/k/v fused per head, and by default the parallel
 * residual {@code x + attn(ln₁(x)) + mlp(ln₂(x))}; untied {@code embed_out}.
 */
final class GptNeoX {

    private GptNeoX() {
    }

    static Transformer build(Checkpoint ckpt) {
        HfConfig c = ckpt.config;
        int d = c.hiddenSize(), heads = c.numHeads(), headDim = c.headDim(), inner = c.intermediateSize();
        boolean bias = c.attentionBias();
        Activation act = Activation.fromConfig(c.activation());
        var b = new Transformer.Builder(c);
        b.tokenEmbedding = ckpt.embedding("gpt_neox.embed_in.weight", d);
        b.rope = Rope.fromConfig(c, RopeStyle.HALF);
        b.residual = c.useParallelResidual() ? Transformer.Residual.PARALLEL : Transformer.Residual.SEQUENTIAL;
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "gpt_neox.layers." + l + ".";
            b.layers.add(new Layer(
                    ckpt.layerNorm(p + "input_layernorm", d),
                    new QkvProjection.Fused(ckpt.linear(p + "attention.query_key_value", d, 3 * d, bias), heads, headDim, true),
                    ckpt.linear(p + "attention.dense", d, d, bias),
                    ckpt.layerNorm(p + "post_attention_layernorm", d),
                    new Mlp(ckpt.linear(p + "mlp.dense_h_to_4h", d, inner, true), null,
                            ckpt.linear(p + "mlp.dense_4h_to_h", inner, d, true), act),
                    (float) (1 / Math.sqrt(headDim)), 0));
        }
        b.finalNorm = ckpt.layerNorm("gpt_neox.final_layer_norm", d);
        b.lmHead = ckpt.lmHead("embed_out", b.tokenEmbedding, false);
        return new Transformer(b);
    }
}
