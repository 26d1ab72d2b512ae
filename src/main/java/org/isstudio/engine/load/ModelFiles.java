package org.isstudio.engine.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the weights of a Hub-style model folder, choosing the file the way transformers'
 * {@code from_pretrained} does for PyTorch: {@code model.safetensors}, then {@code model.safetensors.index.json},
 * then {@code pytorch_model.bin}, then {@code pytorch_model.bin.index.json}.
 */
public final class ModelFiles {

    public static final String SAFETENSORS = "model.safetensors";
    public static final String SAFETENSORS_INDEX = "model.safetensors.index.json";
    public static final String PYTORCH = "pytorch_model.bin";
    public static final String PYTORCH_INDEX = "pytorch_model.bin.index.json";

    private ModelFiles() {
    }

    public static TensorStore open(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) throw new CheckpointFormatException(folder, "not a model folder");
        Path p;
        if (Files.isRegularFile(p = folder.resolve(SAFETENSORS))) return SafeTensors.open(p);
        if (Files.isRegularFile(p = folder.resolve(SAFETENSORS_INDEX))) return ShardedCheckpoint.openSafetensors(p);
        if (Files.isRegularFile(p = folder.resolve(PYTORCH))) return TorchCheckpoint.open(p);
        if (Files.isRegularFile(p = folder.resolve(PYTORCH_INDEX))) return ShardedCheckpoint.open(p, TorchCheckpoint::read);
        for (String other : new String[]{"tf_model.h5", "flax_model.msgpack", "model.ckpt.index"}) {
            if (Files.exists(folder.resolve(other))) {
                throw new CheckpointFormatException(folder, "has only " + other + " (TensorFlow or Flax weights); convert it to "
                        + SAFETENSORS + " with transformers first");
            }
        }
        throw new CheckpointFormatException(folder, "no weights: expected " + SAFETENSORS + ", " + SAFETENSORS_INDEX + ", "
                + PYTORCH + " or " + PYTORCH_INDEX);
    }
}
