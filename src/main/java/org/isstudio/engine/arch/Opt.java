package org.isstudio.engine.arch;

import org.isstudio.engine.kernel.Activation;
import org.isstudio.engine.kernel.Matrix;
import org.isstudio.engine.load.HfConfig;

/**
 * OPT (Zhang et al. 2022): learned positions offset by 2 (rows 0 and 1 of the table belong to padding),
 * separate biased q/k/v, ReLU MLP; pre-LayerNorm, except opt-350m, which normalizes after each residual
 * add and embeds in {@code word_embed_proj_dim} with {@code project_in}/{@code project_out} around the
 * decoder. The LM head is tied to the embedding.
 */
final class Opt {

    /** OPTLearnedPositionalEmbedding's offset: position p reads row p + 2. */
    private static final int POSITION_OFFSET = 2;

    private Opt() {
    }

    static Transformer build(Checkpoint ckpt) {
        HfConfig c = ckpt.config;
        int d = c.hiddenSize(), headDim = c.headDim(), inner = c.intermediateSize();
        int embed = c.wordEmbedProjDim();
        boolean bias = c.enableBias(), preNorm = c.doLayerNormBefore();
        Activation act = Activation.fromConfig(c.activation());
        var b = new Transformer.Builder(c);
        b.tokenEmbedding = ckpt.embedding("model.decoder.embed_tokens.weight", embed);
        b.positionEmbedding = ckpt.matrix("model.decoder.embed_positions.weight", Matrix.Layout.OUT_IN, d,
                c.maxPositions() + POSITION_OFFSET);
        b.positionOffset = POSITION_OFFSET;
        if (embed != d) {
            b.projectIn = ckpt.linear("model.decoder.project_in", embed, d, false);
            b.projectOut = ckpt.linear("model.decoder.project_out", d, embed, false);
        }
        b.residual = preNorm ? Transformer.Residual.SEQUENTIAL : Transformer.Residual.POST_NORM;
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "model.decoder.layers." + l + ".";
            b.layers.add(new Layer(
                    norm(ckpt, p + "self_attn_layer_norm", d),
                    new QkvProjection.Separate(ckpt.linear(p + "self_attn.q_proj", d, d, bias),
                            ckpt.linear(p + "self_attn.k_proj", d, d, bias), ckpt.linear(p + "self_attn.v_proj", d, d, bias)),
                    ckpt.linear(p + "self_attn.out_proj", d, d, bias),
                    norm(ckpt, p + "final_layer_norm", d),
                    new Mlp(ckpt.linear(p + "fc1", d, inner, bias), null, ckpt.linear(p + "fc2", inner, d, bias), act),
                    (float) (1 / Math.sqrt(headDim)), 0));
        }
        if (preNorm && !c.removeFinalLayerNorm()) b.finalNorm = norm(ckpt, "model.decoder.final_layer_norm", d);
        b.lmHead = new Linear(b.tokenEmbedding, null);
        return new Transformer(b);
    }

    private static Norm norm(Checkpoint ckpt, String prefix, int d) {
        return ckpt.config.layerNormElementwiseAffine() ? ckpt.layerNorm(prefix, d) : ckpt.plainLayerNorm(d);
    }
}
