package org.isstudio.engine.load;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a legacy {@code pytorch_model.bin}: the zip that {@code torch.save} has written since torch 1.6
 * ({@code <archive>/data.pkl} plus one stored entry {@code <archive>/data/<key>} per storage), or the older
 * pickle-stream format that hub checkpoints from 2019-2020 still use. The pickle is read by
 * {@link TorchPickle}, which refuses anything but a state dict of tensors, so loading never runs code. Storages are
 * used in place from the mapped zip; tensors that share a storage (tied weights) share its bytes. A tensor whose
 * strides are not row-major is copied, alone, into a contiguous segment of the store's arena.
 */
public final class TorchCheckpoint {

    private TorchCheckpoint() {
    }

    public static TensorStore open(Path file) throws IOException {
        return MappedTensorStore.open(file, TorchCheckpoint::read);
    }

    /** Maps {@code file} into {@code arena} and adds its tensors, in pickle order. */
    static void read(Path file, Arena arena, MappedTensorStore.Tensors into) throws IOException {
        MemorySegment whole = MappedTensorStore.mapFile(file, arena);
        Map<String, TorchPickle.TensorRef> refs;
        Map<String, MemorySegment> storages;
        if (ZipDirectory.isZip(whole)) {
            Map<String, ZipDirectory.Entry> entries = ZipDirectory.read(file, whole);
            ZipDirectory.Entry pkl = dataPkl(file, entries);
            String archive = pkl.name().substring(0, pkl.name().length() - "data.pkl".length());
            checkByteOrder(file, whole, entries.get(archive + "byteorder"));
            refs = TorchPickle.readStateDict(file, pkl.name(), stored(file, whole, pkl).asByteBuffer());
            storages = new HashMap<>();
            for (Map.Entry<String, TorchPickle.TensorRef> e : refs.entrySet()) {
                TorchPickle.StorageRef ref = e.getValue().storage();
                if (!storages.containsKey(ref.key())) storages.put(ref.key(), zipStorage(file, whole, entries, archive, e.getKey(), ref));
            }
        } else if (whole.byteSize() > 2 && whole.get(ValueLayout.JAVA_BYTE, 0) == (byte) 0x80) {
            LegacyFile legacy = readLegacy(file, whole);
            refs = legacy.refs();
            storages = legacy.storages();
        } else {
            throw new CheckpointFormatException(file, "neither a torch.save zip archive nor a legacy torch pickle");
        }
        for (Map.Entry<String, TorchPickle.TensorRef> e : refs.entrySet()) {
            String name = e.getKey();
            TorchPickle.TensorRef t = e.getValue();
            TensorInfo info = new TensorInfo(name, t.storage().dtype(), t.size());
            into.add(new MappedTensorStore.Tensor(info, file, view(file, arena, storages.get(t.storage().key()), info, t)));
        }
    }

    private static void checkByteOrder(Path file, MemorySegment whole, ZipDirectory.Entry byteOrder) {
        if (byteOrder == null) return; // written before torch 2.1: little-endian, as torch.load assumes too
        String order = new String(stored(file, whole, byteOrder).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII).strip();
        if (!order.equals("little")) throw new CheckpointFormatException(file, "saved on a " + order + "-endian machine; only little-endian is supported");
    }

    /** 0x1950a86a20f9469cfc6c: the first pickle of every pre-1.6 torch.save file. */
    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);

    private record LegacyFile(Map<String, TorchPickle.TensorRef> refs, Map<String, MemorySegment> storages) {
    }

    /**
     * The format torch.save wrote before 1.6 (torch.serialization._legacy_save): five pickles in a row (magic
     * number, protocol version 1001, sys_info, the object, the sorted storage keys), then each storage in key order
     * as an int64 element count and its raw bytes. The storages are used in place, like the zip's.
     */
    private static LegacyFile readLegacy(Path file, MemorySegment whole) {
        // The pickles are small and come first; only their buffer, not the storages after them, must fit 2 GB.
        ByteBuffer in = whole.asSlice(0, Math.min(whole.byteSize(), Integer.MAX_VALUE - 8)).asByteBuffer();
        Object magic = TorchPickle.readData(file, "legacy header", in);
        if (!(LEGACY_MAGIC.equals(magic))) throw new CheckpointFormatException(file, "starts with a pickle but not torch.save's magic number");
        Object version = TorchPickle.readData(file, "legacy header", in);
        if (!Long.valueOf(1001).equals(version)) throw new CheckpointFormatException(file, "legacy torch format version " + version + ", expected 1001");
        if (TorchPickle.readData(file, "legacy sys_info", in) instanceof Map<?, ?> sys && Boolean.FALSE.equals(sys.get("little_endian"))) {
            throw new CheckpointFormatException(file, "saved on a big-endian machine; only little-endian is supported");
        }
        Map<String, TorchPickle.TensorRef> refs = TorchPickle.readStateDict(file, "legacy pickle", in);
        if (!(TorchPickle.readData(file, "legacy storage keys", in) instanceof List<?> keys)) {
            throw new CheckpointFormatException(file, "legacy storage key list is missing");
        }
        Map<String, TorchPickle.StorageRef> byKey = new HashMap<>();
        for (TorchPickle.TensorRef t : refs.values()) byKey.put(t.storage().key(), t.storage());
        Map<String, MemorySegment> storages = new HashMap<>();
        long offset = in.position();
        for (Object k : keys) {
            TorchPickle.StorageRef ref = byKey.get(String.valueOf(k));
            if (ref == null) throw new CheckpointFormatException(file, "legacy storage key " + k + " is used by no tensor");
            if (offset + 8 > whole.byteSize()) throw new CheckpointFormatException(file, "truncated before storage " + k);
            long numel = whole.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), offset);
            long bytes = numel * ref.dtype().bytes();
            if (numel != ref.numel() || offset + 8 + bytes > whole.byteSize()) {
                throw new CheckpointFormatException(file, "storage " + k + " is truncated or disagrees with its "
                        + ref.numel() + "-element reference (file says " + numel + ")");
            }
            storages.put(ref.key(), whole.asSlice(offset + 8, bytes));
            offset += 8 + bytes;
        }
        for (String key : byKey.keySet()) {
            if (!storages.containsKey(key)) throw new CheckpointFormatException(file, "legacy storage " + key + " has no data");
        }
        return new LegacyFile(refs, storages);
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

    private static MemorySegment zipStorage(Path file, MemorySegment whole, Map<String, ZipDirectory.Entry> entries, String archive,
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
