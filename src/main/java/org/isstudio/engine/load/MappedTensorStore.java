package org.isstudio.engine.load;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Tensors that live in one {@link Arena}: mapped slices of one or more checkpoint files, plus the few tensors a
 * legacy checkpoint forces us to copy. Closing the store closes the arena, which unmaps every file at once;
 * afterwards every segment handed out throws {@link IllegalStateException} on access.
 */
final class MappedTensorStore implements TensorStore {

    /** One tensor: its description, the file it was read from (for messages) and its bytes. */
    record Tensor(TensorInfo info, Path file, MemorySegment data) {
    }

    private final Path source;
    private final Arena arena;
    private final Map<String, Tensor> tensors;

    /** Takes ownership of {@code arena}; {@code tensors} keeps its iteration order in {@link #names()}. */
    MappedTensorStore(Path source, Arena arena, Map<String, Tensor> tensors) {
        this.source = source;
        this.arena = arena;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    @Override
    public Path source() {
        return source;
    }

    @Override
    public Set<String> names() {
        return tensors.keySet();
    }

    @Override
    public TensorInfo info(String name) {
        return tensor(name).info();
    }

    @Override
    public MemorySegment segment(String name) {
        Tensor t = tensor(name);
        if (!arena.scope().isAlive()) throw new IllegalStateException(source + " is closed");
        return t.data();
    }

    /** The file a tensor was read from (a shard of a sharded set, the zip of a .bin checkpoint). */
    Path file(String name) {
        return tensor(name).file();
    }

    private Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException(source + ": no tensor \"" + name + "\"");
        return t;
    }

    @Override
    public synchronized void close() {
        if (arena.scope().isAlive()) arena.close();
    }

    @Override
    public String toString() {
        return source + " (" + tensors.size() + " tensors)";
    }
}
