package org.isstudio.engine.arch;

import org.isstudio.engine.kernel.Activation;
import org.isstudio.engine.kernel.RopeStyle;
import org.isstudio.engine.load.CheckpointFormatException;
import org.isstudio.engine.load.HfConfig;

/**
 * Llama (Touvron et al. 2023) and Qwen2: RMSNorm before each sub-block, rotary positions on whole heads
 * (rotate-half layout, {@code rope_theta}, {@code rope_scaling}), grouped-query attention, SwiGLU MLP
 * {@code down(silu(gate(x)) ⊙ up(x))}. Qwen2 is the same with biases on q, k and v.
 */
final class Llama {

    private Llama() {
    }

    static Transformer build(Checkpoint ckpt) {
        HfConfig c = ckpt.config;
        boolean qwen2 = c.modelType().equals("qwen2");
        if (qwen2 && c.useSlidingWindow()) {
            throw new CheckpointFormatException(c.file(), "use_sliding_window: true is not supported");
        }
        int d = c.hiddenSize(), heads = c.numHeads(), kvHeads = c.numKvHeads(), headDim = c.headDim();
        int inner = c.intermediateSize();
        boolean qkvBias = qwen2 || c.attentionBias(), outBias = !qwen2 && c.attentionBias();
        boolean mlpBias = !qwen2 && c.mlpBias();
        Activation act = Activation.fromConfig(c.activation());
        var b = new Transformer.Builder(c);
        b.tokenEmbedding = ckpt.embedding("model.embed_tokens.weight", d);
        b.rope = Rope.fromConfig(c, RopeStyle.HALF);
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "model.layers." + l + ".";
            b.layers.add(new Layer(
                    ckpt.rmsNorm(p + "input_layernorm", d),
                    new QkvProjection.Separate(ckpt.linear(p + "self_attn.q_proj", d, heads * headDim, qkvBias),
                            ckpt.linear(p + "self_attn.k_proj", d, kvHeads * headDim, qkvBias),
                            ckpt.linear(p + "self_attn.v_proj", d, kvHeads * headDim, qkvBias)),
                    ckpt.linear(p + "self_attn.o_proj", heads * headDim, d, outBias),
                    ckpt.rmsNorm(p + "post_attention_layernorm", d),
                    new Mlp(ckpt.linear(p + "mlp.up_proj", d, inner, mlpBias), ckpt.linear(p + "mlp.gate_proj", d, inner, mlpBias),
                            ckpt.linear(p + "mlp.down_proj", inner, d, mlpBias), act),
                    (float) (1 / Math.sqrt(headDim)), 0));
        }
        b.finalNorm = ckpt.rmsNorm("model.norm", d);
        b.lmHead = ckpt.lmHead("lm_head", b.tokenEmbedding, false);
        return new Transformer(b);
    }
}
