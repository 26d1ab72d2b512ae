package org.isstudio.engine.load;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Set;

/**
 * The tensors of a checkpoint, memory-mapped: {@code model.safetensors}, a sharded safetensors set, or a
 * legacy {@code pytorch_model.bin}. Segments stay valid until {@link #close()}, which unmaps them at once
 * (one Arena per loaded model), so a desktop application can switch models without waiting for the GC.
 */
public interface TensorStore extends AutoCloseable {

    /** The weights file, or for a sharded set its index file, that error messages name. */
    Path source();

    /** Every tensor name exactly as stored (prefixes such as {@code transformer.} included). */
    Set<String> names();

    /** @throws IllegalArgumentException naming the file and the tensor when it is absent */
    TensorInfo info(String name);

    /**
     * The tensor's bytes, little-endian, row-major and contiguous, as a read-only mapped segment of exactly
     * {@code info(name).byteSize()} bytes. Segments need not be aligned to their element size (a safetensors
     * header may have any length), so read them with the {@code *_UNALIGNED} value layouts.
     *
     * @throws IllegalStateException once the store is closed
     */
    MemorySegment segment(String name);

    @Override
    void close();
}
