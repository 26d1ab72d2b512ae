package org.isstudio.remote.sizing;

import org.isstudio.engine.load.HfConfig;

import java.util.Optional;

/**
 * A model's parameter count from its {@code config.json}, tensor by tensor as transformers builds the model
 * (what {@code sum(p.numel() for p in model.parameters())} prints), and the share that is embeddings.
 *
 * <p>"Non-embedding" follows Kaplan et al. (2020) and the Pythia paper: it leaves out the token embedding,
 * learned position embeddings and an untied output head, which scale with the vocabulary rather than the
 * model's depth and width. Checked against the published totals of GPT-2, GPT-Neo, OPT, Pythia, Llama 3.2,
 * Qwen2.5 and SmolLM2.
 *
 * @param total     every parameter
 * @param embedding token and position embeddings plus an untied LM head (with its bias)
 */
public record ParameterCount(long total, long embedding) {

    public long nonEmbedding() {
        return total - embedding;
    }

    /** The count for the families the engine runs; empty for other model types. */
    public static Optional<ParameterCount> of(HfConfig c) {
        long d = c.hiddenSize();
        long v = c.vocabSize();
        long layers = c.numLayers();
        return Optional.ofNullable(switch (c.modelType()) {
            case "gpt2" -> {
                long ff = c.intermediateSize();
                long block = 4 * d + (d * 3 * d + 3 * d) + (d * d + d) + (d * ff + ff) + (ff * d + d);
                yield learnedPositions(c, v * d, c.maxPositions() * d, layers * block + 2 * d, d);
            }
            case "gpt_neo" -> {
                long ff = c.intermediateSize();
                // q, k and v have no bias; out_proj has one
                long block = 4 * d + 3 * d * d + (d * d + d) + (d * ff + ff) + (ff * d + d);
                yield learnedPositions(c, v * d, c.maxPositions() * d, layers * block + 2 * d, d);
            }
            case "gptj" -> {
                long ff = c.intermediateSize();
                // one LayerNorm feeds attention and MLP in parallel; attention has no biases
                long block = 2 * d + 4 * d * d + (d * ff + ff) + (ff * d + d);
                long head = c.tieWordEmbeddings() ? 0 : v * d + v;
                yield new ParameterCount(v * d + layers * block + 2 * d + head, v * d + head);
            }
            case "gpt_neox" -> {
                long ff = c.intermediateSize();
                long bias = c.attentionBias() ? 1 : 0;
                long block = 4 * d + (d * 3 * d + bias * 3 * d) + (d * d + bias * d) + (d * ff + ff) + (ff * d + d);
                long head = c.tieWordEmbeddings() ? 0 : v * d;
                yield new ParameterCount(v * d + layers * block + 2 * d + head, v * d + head);
            }
            case "opt" -> opt(c, d, v, layers);
            case "llama", "qwen2", "mistral" -> llama(c, d, v, layers);
            default -> null;
        });
    }

    private static ParameterCount learnedPositions(HfConfig c, long tokens, long positions, long rest, long d) {
        long head = c.tieWordEmbeddings() ? 0 : tokens;
        return new ParameterCount(tokens + positions + rest + head, tokens + positions + head);
    }

    private static ParameterCount opt(HfConfig c, long d, long v, long layers) {
        long e = c.wordEmbedProjDim();
        long ff = c.intermediateSize();
        long b = c.enableBias() ? 1 : 0;
        long norm = c.layerNormElementwiseAffine() ? 2 * d : 0;
        long block = 4 * (d * d + b * d) + norm + (d * ff + b * ff) + (ff * d + b * d) + norm;
        long projections = e != d ? 2 * d * e : 0;
        boolean finalNorm = c.doLayerNormBefore() && !c.removeFinalLayerNorm();
        long tokens = v * e;
        // OPT's learned positions are offset by 2 (OPTLearnedPositionalEmbedding)
        long positions = (c.maxPositions() + 2) * d;
        long head = c.tieWordEmbeddings() ? 0 : v * e;
        long total = tokens + positions + projections + layers * block + (finalNorm ? norm : 0) + head;
        return new ParameterCount(total, tokens + positions + head);
    }

    private static ParameterCount llama(HfConfig c, long d, long v, long layers) {
        long ff = c.intermediateSize();
        long q = (long) c.numHeads() * c.headDim();
        long kv = (long) c.numKvHeads() * c.headDim();
        // Qwen2 always has q/k/v biases; Llama has them (and an o bias) only with attention_bias
        long attnBias = c.modelType().equals("qwen2") ? q + 2 * kv : c.attentionBias() ? q + 2 * kv + d : 0;
        long mlpBias = c.has("mlp_bias") && c.mlpBias() ? 2 * ff + d : 0;
        long block = 2 * d + d * q + 2 * d * kv + q * d + attnBias + 3 * d * ff + mlpBias;
        long head = c.tieWordEmbeddings() ? 0 : v * d;
        return new ParameterCount(v * d + layers * block + d + head, v * d + head);
    }
}
