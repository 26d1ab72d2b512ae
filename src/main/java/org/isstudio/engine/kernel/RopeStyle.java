package org.isstudio.engine.kernel;

/** How rotary embeddings pair the dimensions they rotate (pair {@code i} turns by angle {@code pos·θ_i}). */
public enum RopeStyle {
    /** GPT-NeoX / Llama {@code rotate_half}: dimension {@code i} pairs with {@code i + rotaryDim/2}. */
    HALF,
    /** GPT-J {@code rotate_every_two}: dimension {@code 2i} pairs with {@code 2i + 1}. */
    INTERLEAVED
}
