package org.isstudio.engine.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds torch.save-style zips and pickles byte by byte, for tests of the restricted reader. */
final class TorchFiles {

    private TorchFiles() {
    }

    /** Pickle opcodes appended one call at a time. */
    static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle op(int... bytes) {
            for (int b : bytes) out.write(b);
            return this;
        }

        Pickle global(String module, String name) {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Pickle str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
            out.writeBytes(b);
            return this;
        }

        Pickle integer(long v) {
            op('J');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
            return this;
        }

        Pickle ints(long... values) {
            op('(');
            for (long v : values) integer(v);
            return op('t');
        }

        /**
         * {@code _rebuild_tensor_v2(persistent storage, offset, size, stride, False, OrderedDict())}, as torch writes it;
         * the legacy format's persistent id has a sixth element, view_metadata None.
         */
        Pickle tensor(String storageType, String key, long numel, long offset, long[] size, long[] stride, boolean legacy) {
            global("torch._utils", "_rebuild_tensor_v2").op('(');
            op('(').str("storage").global("torch", storageType).str(key).str("cpu").integer(numel);
            if (legacy) op('N');
            op('t', 'Q');
            integer(offset).ints(size).ints(stride).op(0x89);
            global("collections", "OrderedDict").op(')', 'R');
            return op('t', 'R');
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** One tensor of a state dict over a named storage. */
    record T(String name, String storageType, String key, long numel, long offset, long[] size, long[] stride) {
        static T contiguous(String name, String storageType, String key, long... size) {
            long[] stride = new long[size.length];
            long s = 1;
            for (int d = size.length - 1; d >= 0; d--) {
                stride[d] = s;
                s *= size[d];
            }
            return new T(name, storageType, key, s, 0, size, stride);
        }
    }

    /** The pickle torch.save writes for an OrderedDict state dict, with the {@code _metadata} BUILD. */
    static byte[] stateDict(List<T> tensors) {
        return stateDict(tensors, false);
    }

    private static byte[] stateDict(List<T> tensors, boolean legacy) {
        Pickle p = new Pickle().op(0x80, 2).global("collections", "OrderedDict").op(')', 'R', '(');
        for (T t : tensors) p.str(t.name()).tensor(t.storageType(), t.key(), t.numel(), t.offset(), t.size(), t.stride(), legacy);
        p.op('u');
        p.op('}').str("_metadata").global("collections", "OrderedDict").op(')', 'R').op('s', 'b');
        return p.op('.').bytes();
    }

    /** A zip of stored entries, named {@code archive/...}; the map keeps its order. */
    static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                z.setMethod(ZipEntry.STORED);
                z.setSize(e.getValue().length);
                z.setCompressedSize(e.getValue().length);
                z.setCrc(crc.getValue());
                zip.putNextEntry(z);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    /**
     * A zip whose every size and offset is in ZIP64 form (saturated 32-bit fields, 64-bit values in the extra
     * fields, ZIP64 end records), as torch's writer produces for checkpoints over 4 GB.
     */
    static Path zip64(Path file, Map<String, byte[]> entries) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        List<long[]> offsets = new java.util.ArrayList<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] data = e.getValue();
            CRC32 crc = new CRC32();
            crc.update(data);
            offsets.add(new long[]{out.position(), crc.getValue()});
            out.putInt(0x04034b50).putShort((short) 45).putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) crc.getValue())
                    .putInt(-1).putInt(-1).putShort((short) name.length).putShort((short) 20).put(name)
                    .putShort((short) 1).putShort((short) 16).putLong(data.length).putLong(data.length).put(data);
        }
        long dir = out.position();
        int i = 0;
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            long[] o = offsets.get(i++);
            out.putInt(0x02014b50).putShort((short) 45).putShort((short) 45).putShort((short) 0).putShort((short) 0).putInt(0)
                    .putInt((int) o[1]).putInt(-1).putInt(-1).putShort((short) name.length).putShort((short) 28).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt(-1).put(name)
                    .putShort((short) 1).putShort((short) 24).putLong(e.getValue().length).putLong(e.getValue().length).putLong(o[0]);
        }
        long dirSize = out.position() - dir;
        long end64 = out.position();
        out.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                .putLong(entries.size()).putLong(entries.size()).putLong(dirSize).putLong(dir);
        out.putInt(0x07064b50).putInt(0).putLong(end64).putInt(1);
        out.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) -1).putShort((short) -1)
                .putInt(-1).putInt(-1).putShort((short) 0);
        return Files.write(file, java.util.Arrays.copyOf(out.array(), out.position()));
    }

    /** A checkpoint zip: data.pkl plus the storages by key. */
    static Path checkpoint(Path file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", pickle);
        storages.forEach((k, v) -> entries.put("archive/data/" + k, v));
        entries.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        return zip(file, entries);
    }

    /**
     * A pre-1.6 torch.save file (torch.serialization._legacy_save): magic number, protocol version, sys_info, the
     * state dict, the sorted storage keys, then each storage as an int64 element count and its bytes.
     */
    static Path legacy(Path file, List<T> tensors, Map<String, byte[]> storages, int elementSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] magic = {0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19};
        out.writeBytes(new Pickle().op(0x80, 2, 0x8a, 10).op(toInts(magic)).op('.').bytes());
        out.writeBytes(new Pickle().op(0x80, 2, 'M', 0xe9, 0x03, '.').bytes());
        out.writeBytes(new Pickle().op(0x80, 2, '}', '(').str("protocol_version").integer(1001).str("little_endian").op(0x88)
                .str("type_sizes").op('}', '(').str("short").integer(2).str("int").integer(4).str("long").integer(8).op('u')
                .op('u', '.').bytes());
        out.writeBytes(stateDict(tensors, true));
        List<String> keys = storages.keySet().stream().sorted().toList();
        Pickle keyList = new Pickle().op(0x80, 2, ']', '(');
        for (String k : keys) keyList.str(k);
        out.writeBytes(keyList.op('e', '.').bytes());
        for (String k : keys) {
            byte[] data = storages.get(k);
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length / elementSize).array());
            out.writeBytes(data);
        }
        return Files.write(file, out.toByteArray());
    }

    private static int[] toInts(byte[] bytes) {
        int[] out = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) out[i] = bytes[i] & 0xFF;
        return out;
    }

    static byte[] shorts(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) b.putShort((short) v);
        return b.array();
    }
}
