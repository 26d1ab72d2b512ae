package org.isstudio.engine.load;

import java.nio.file.Path;

/**
 * A model file (weights, shard index or {@code config.json}) is malformed, unsupported, or lacks something the
 * model needs. The message always names the file, and the tensor or field when there is one.
 *
 * <p>Unchecked on purpose: it surfaces deep inside model construction (a typed config accessor, a tensor
 * lookup) where a checked exception would have to be declared on every builder method, and the only useful
 * handler is the boundary that shows the message (command line, desktop job).
 */
public class CheckpointFormatException extends RuntimeException {

    private final Path file;

    public CheckpointFormatException(Path file, String message) {
        this(file, message, null);
    }

    public CheckpointFormatException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** Names the tensor as well: {@code file: tensor "name": message}. */
    public static CheckpointFormatException forTensor(Path file, String tensor, String message) {
        return new CheckpointFormatException(file, "tensor \"" + tensor + "\": " + message);
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
