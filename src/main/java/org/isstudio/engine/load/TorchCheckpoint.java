package org.isstudio.engine.load;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a legacy {@code pytorch_model.bin}: the zip that {@code torch.save} has written since torch 1.6
 * ({@code <archive>/data.pkl} plus one stored entry {@code <archive>/data/<key>} per storage). The pickle is read by
 * {@link TorchPickle}, which refuses anything but a state dict of tensors, so loading never runs code. Storages are
 * used in place from the mapped zip; tensors that share a storage (tied weights) share its bytes. A tensor whose
 * strides are not row-major is copied, alone, into a contiguous segment of the store's arena.
 */
public final class TorchCheckpoint {

    private TorchCheckpoint() {
    }

    public static TensorStore open(Path file) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            Map<String, MappedTensorStore.Tensor> tensors = new LinkedHashMap<>();
            map(file, arena, tensors);
            return new MappedTensorStore(file, arena, tensors);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Maps {@code file} into {@code arena} and adds its tensors to {@code into}; returns their names. */
    static List<String> map(Path file, Arena arena, Map<String, MappedTensorStore.Tensor> into) throws IOException {
        MemorySegment whole;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            whole = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena).asReadOnly();
        }
        if (!ZipDirectory.isZip(whole)) {
            boolean pickle = whole.byteSize() > 1 && whole.get(ValueLayout.JAVA_BYTE, 0) == (byte) 0x80;
            throw new CheckpointFormatException(file, pickle
                    ? "written by torch older than 1.6 (a bare pickle, not a zip); load and re-save it with a current torch, "
                    + "or convert it to model.safetensors"
                    : "not a torch.save zip archive");
        }
        Map<String, ZipDirectory.Entry> entries = ZipDirectory.read(file, whole);
        ZipDirectory.Entry pkl = dataPkl(file, entries);
        String archive = pkl.name().substring(0, pkl.name().length() - "data.pkl".length());

        ZipDirectory.Entry byteOrder = entries.get(archive + "byteorder");
        if (byteOrder != null) {
            String order = new String(stored(file, whole, byteOrder).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII).strip();
            if (!order.equals("little")) throw new CheckpointFormatException(file, "saved on a " + order + "-endian machine; only little-endian is supported");
        }

        Map<String, TorchPickle.TensorRef> refs = TorchPickle.readStateDict(file, pkl.name(),
                stored(file, whole, pkl).toArray(ValueLayout.JAVA_BYTE));

        Map<String, MemorySegment> storages = new HashMap<>();
        List<String> names = new ArrayList<>(refs.size());
        for (Map.Entry<String, TorchPickle.TensorRef> e : refs.entrySet()) {
            String name = e.getKey();
            TorchPickle.TensorRef t = e.getValue();
            if (into.containsKey(name)) throw CheckpointFormatException.forTensor(file, name, "also stored in " + into.get(name).file());
            MemorySegment storage = storages.get(t.storage().key());
            if (storage == null) {
                storage = storage(file, whole, entries, archive, name, t.storage());
                storages.put(t.storage().key(), storage);
            }
            TensorInfo info = new TensorInfo(name, t.storage().dtype(), t.size());
            into.put(name, new MappedTensorStore.Tensor(info, file, view(file, arena, storage, info, t)));
            names.add(name);
        }
        return names;
    }

    private static ZipDirectory.Entry dataPkl(Path file, Map<String, ZipDirectory.Entry> entries) {
        List<ZipDirectory.Entry> found = entries.values().stream()
                .filter(e -> e.name().endsWith("/data.pkl") && e.name().indexOf('/') == e.name().length() - "/data.pkl".length())
                .toList();
        if (found.size() != 1) {
            throw new CheckpointFormatException(file, found.isEmpty() ? "zip has no <archive>/data.pkl: not written by torch.save"
                    : "zip has " + found.size() + " data.pkl entries");
        }
        return found.getFirst();
    }

    /** An entry's bytes in place; torch.save never compresses, and a compressed copy cannot be mapped. */
    private static MemorySegment stored(Path file, MemorySegment whole, ZipDirectory.Entry e) {
        if (e.method() != 0) {
            throw new CheckpointFormatException(file, "zip entry " + e.name() + " is compressed (method " + e.method()
                    + "); torch.save stores entries uncompressed, so re-save the checkpoint with torch.save");
        }
        if (e.compressedSize() != e.size()) throw new CheckpointFormatException(file, "zip entry " + e.name() + " has inconsistent sizes");
        return whole.asSlice(e.dataOffset(), e.size());
    }

    private static MemorySegment storage(Path file, MemorySegment whole, Map<String, ZipDirectory.Entry> entries, String archive,
                                         String tensor, TorchPickle.StorageRef ref) {
        ZipDirectory.Entry e = entries.get(archive + "data/" + ref.key());
        if (e == null) throw CheckpointFormatException.forTensor(file, tensor, "its storage " + archive + "data/" + ref.key() + " is missing");
        MemorySegment bytes = stored(file, whole, e);
        long need = ref.numel() * ref.dtype().bytes();
        if (bytes.byteSize() < need) {
            throw CheckpointFormatException.forTensor(file, tensor, "storage " + e.name() + " holds " + bytes.byteSize()
                    + " bytes, but " + ref.numel() + " " + ref.dtype() + " elements need " + need);
        }
        return bytes.asSlice(0, need);
    }

    /** The tensor's bytes: a slice of its storage when row-major, else a contiguous copy of the strided view. */
    private static MemorySegment view(Path file, Arena arena, MemorySegment storage, TensorInfo info, TorchPickle.TensorRef t) {
        int esize = info.dtype().bytes();
        long n = 1;
        long last = t.offset();
        try {
            for (int d = 0; d < t.size().length; d++) {
                n = Math.multiplyExact(n, t.size()[d]);
                if (t.size()[d] > 0) last = Math.addExact(last, Math.multiplyExact(t.size()[d] - 1, t.stride()[d]));
            }
            Math.multiplyExact(n, esize);
        } catch (ArithmeticException e) {
            throw CheckpointFormatException.forTensor(file, info.name(), "size " + Arrays.toString(t.size()) + " overflows");
        }
        if (n == 0) return storage.asSlice(0, 0);
        if (last >= t.storage().numel()) {
            throw CheckpointFormatException.forTensor(file, info.name(), "view " + Arrays.toString(t.size()) + " with stride "
                    + Arrays.toString(t.stride()) + " at offset " + t.offset() + " reaches element " + last + " of a "
                    + t.storage().numel() + "-element storage");
        }
        if (isRowMajor(t.size(), t.stride())) return storage.asSlice(t.offset() * esize, n * esize);
        MemorySegment copy = arena.allocate(n * esize, 8);
        copyStrided(storage, copy, t, esize);
        return copy.asReadOnly();
    }

    static boolean isRowMajor(long[] size, long[] stride) {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) return false;
            expected *= size[d];
        }
        return true;
    }

    /** Walks the view in row-major order, copying runs along the last dimension. */
    private static void copyStrided(MemorySegment src, MemorySegment dst, TorchPickle.TensorRef t, int esize) {
        long[] size = t.size();
        long[] stride = t.stride();
        int rank = size.length;
        long inner = size[rank - 1];
        long innerStride = stride[rank - 1];
        long[] index = new long[rank - 1];
        long out = 0;
        while (true) {
            long base = t.offset();
            for (int d = 0; d < rank - 1; d++) base += index[d] * stride[d];
            if (innerStride == 1) {
                MemorySegment.copy(src, base * esize, dst, out, inner * esize);
                out += inner * esize;
            } else {
                for (long i = 0; i < inner; i++, out += esize) {
                    MemorySegment.copy(src, (base + i * innerStride) * esize, dst, out, esize);
                }
            }
            int d = rank - 2;
            while (d >= 0 && ++index[d] == size[d]) index[d--] = 0;
            if (d < 0) return;
        }
    }
}
