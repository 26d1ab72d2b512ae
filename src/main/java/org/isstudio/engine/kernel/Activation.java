package org.isstudio.engine.kernel;

/** Element-wise MLP non-linearities, by the names config.json uses for them. */
public enum Activation {
    /** GPT-2's {@code gelu_new}: the tanh approximation, {@code 0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))}. */
    GELU_TANH,
    /** PyTorch's exact {@code gelu}: {@code 0.5x(1 + erf(x/√2))}. */
    GELU_ERF,
    RELU,
    /** {@code x·σ(x)}, Llama's SwiGLU gate. */
    SILU;

    /** @throws IllegalArgumentException naming the unknown value */
    public static Activation fromConfig(String name) {
        return switch (name) {
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> GELU_TANH;
            case "gelu" -> GELU_ERF;
            case "relu" -> RELU;
            case "silu", "swish" -> SILU;
            default -> throw new IllegalArgumentException("unsupported activation function '" + name + "'");
        };
    }
}
