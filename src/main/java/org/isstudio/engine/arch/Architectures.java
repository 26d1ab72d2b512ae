package org.isstudio.engine.arch;

import org.isstudio.engine.load.CheckpointFormatException;
import org.isstudio.engine.load.HfConfig;
import org.isstudio.engine.load.TensorStore;

import java.util.List;
import java.util.Set;

/** config.json's {@code model_type} to the architecture that reads the checkpoint: a switch, not reflection. */
public final class Architectures {

    public static final List<String> SUPPORTED = List.of("gpt2", "gpt_neox", "opt", "llama", "qwen2", "gpt_neo", "gptj");

    private Architectures() {
    }

    /**
     * Builds the model over the mapped tensors (which must stay open while it is used).
     *
     * @throws CheckpointFormatException for an unsupported model_type, or naming the file and tensor that is
     *                                   missing or mis-shaped
     */
    public static Loaded build(HfConfig config, TensorStore store) {
        Checkpoint ckpt = new Checkpoint(config, store);
        Transformer model = switch (config.modelType()) {
            case "gpt2" -> Gpt2.build(ckpt);
            case "gpt_neox" -> GptNeoX.build(ckpt);
            case "opt" -> Opt.build(ckpt);
            case "llama", "qwen2" -> Llama.build(ckpt);
            case "gpt_neo" -> GptNeo.build(ckpt);
            case "gptj" -> GptJ.build(ckpt);
            default -> throw new CheckpointFormatException(config.file(), "model_type \"" + config.modelType()
                    + "\" is not supported (supported: " + String.join(", ", SUPPORTED) + ")");
        };
        return new Loaded(model, ckpt.names.unused());
    }

    /** @param unusedTensors stored weights the architecture did not read (known buffers excluded), for a warning */
    public record Loaded(Transformer model, Set<String> unusedTensors) {
    }
}
