package org.isstudio.engine.load;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    /** Adds one file's tensors, mapped or allocated in the arena, to a store being built. */
    @FunctionalInterface
    interface FileReader {
        void read(Path file, Arena arena, Tensors into) throws IOException;
    }

    /** The tensors of a store being built, in the order they were added; a name may occur once across all files. */
    static final class Tensors {
        private final Map<String, Tensor> byName = new LinkedHashMap<>();

        void add(Tensor t) {
            Tensor earlier = byName.putIfAbsent(t.info().name(), t);
            if (earlier != null) throw CheckpointFormatException.forTensor(t.file(), t.info().name(), "also stored in " + earlier.file());
        }

        Tensor get(String name) {
            return byName.get(name);
        }
    }

    /** The body of a store's construction: fills {@code into} using {@code arena}. */
    @FunctionalInterface
    interface Builder {
        void build(Arena arena, Tensors into) throws IOException;
    }

    private MappedTensorStore(Path source, Arena arena, Map<String, Tensor> tensors) {
        this.source = source;
        this.arena = arena;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** Builds a store in a fresh shared arena, which is closed again (unmapping everything) if building fails. */
    static TensorStore build(Path source, Builder builder) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            Tensors tensors = new Tensors();
            builder.build(arena, tensors);
            return new MappedTensorStore(source, arena, tensors.byName);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** A single-file store. */
    static TensorStore open(Path file, FileReader reader) throws IOException {
        return build(file, (arena, into) -> reader.read(file, arena, into));
    }

    /** Maps a whole file read-only into the arena. */
    static MemorySegment mapFile(Path file, Arena arena) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena).asReadOnly();
        }
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
