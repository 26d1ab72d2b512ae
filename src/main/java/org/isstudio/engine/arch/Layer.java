package org.isstudio.engine.arch;

/**
 * One transformer block's weights and the per-layer choices.
 *
 * @param mlpNorm   null when the MLP reads the attention's normalized input (GPT-J's single {@code ln_1})
 * @param scale     the factor on {@code q·k}: 1/√headDim for most, 1 for GPT-Neo
 * @param window    how many positions a query sees, itself included (GPT-Neo local layers); 0 for all
 */
record Layer(Norm attentionNorm, QkvProjection qkv, Linear attentionOut, Norm mlpNorm, Mlp mlp, float scale, int window) {
}
