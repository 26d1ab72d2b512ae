package org.isstudio.engine.load;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The central directory of a memory-mapped zip file (ZIP64 included), enough to find where each stored entry's
 * bytes lie so they can be used in place. {@link java.util.zip.ZipFile} only offers streams, which would copy
 * every weight through the heap.
 */
final class ZipDirectory {

    /** One entry: compression method (0 stored, 8 deflated), sizes, and the file offset of its data. */
    record Entry(String name, int method, long compressedSize, long size, long dataOffset) {
    }

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;

    private ZipDirectory() {
    }

    static boolean isZip(MemorySegment file) {
        return file.byteSize() >= 4 && file.get(U32, 0) == LOCAL;
    }

    /** Entries by name, in directory order. */
    static Map<String, Entry> read(Path path, MemorySegment file) {
        long size = file.byteSize();
        long eocd = -1;
        for (long p = size - 22; p >= Math.max(0, size - 22 - 0xFFFF); p--) {
            if (file.get(U32, p) == EOCD) {
                eocd = p;
                break;
            }
        }
        if (eocd < 0) throw new CheckpointFormatException(path, "not a complete zip file: no end-of-central-directory record (truncated?)");
        long count = u16(file, eocd + 10);
        long dirOffset = u32(file, eocd + 16);
        if (count == 0xFFFF || dirOffset == 0xFFFFFFFFL) {
            long locator = eocd - 20;
            if (locator < 0 || file.get(U32, locator) != ZIP64_LOCATOR) {
                throw new CheckpointFormatException(path, "zip directory overflows 32 bits but has no ZIP64 locator");
            }
            long z = file.get(U64, locator + 8);
            check(path, z >= 0 && z + 56 <= size && file.get(U32, z) == ZIP64_EOCD, "ZIP64 end record is missing or corrupt");
            count = file.get(U64, z + 32);
            dirOffset = file.get(U64, z + 48);
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        long p = dirOffset;
        for (long i = 0; i < count; i++) {
            check(path, p >= 0 && p + 46 <= size && file.get(U32, p) == CENTRAL, "zip central directory entry " + i + " is corrupt");
            int flags = u16(file, p + 8);
            int method = u16(file, p + 10);
            long compressed = u32(file, p + 20);
            long uncompressed = u32(file, p + 24);
            int nameLength = u16(file, p + 28);
            int extraLength = u16(file, p + 30);
            int commentLength = u16(file, p + 32);
            long local = u32(file, p + 42);
            check(path, p + 46 + nameLength + extraLength <= size, "zip central directory entry " + i + " is truncated");
            String name = new String(file.asSlice(p + 46, nameLength).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
            // ZIP64 extra field: the 64-bit values, present only for the fields saturated at 0xFFFFFFFF, in this order.
            long e = p + 46 + nameLength;
            long end = e + extraLength;
            while (e + 4 <= end) {
                int id = u16(file, e);
                int len = u16(file, e + 2);
                if (id == 0x0001) {
                    long q = e + 4;
                    if (uncompressed == 0xFFFFFFFFL) { uncompressed = file.get(U64, q); q += 8; }
                    if (compressed == 0xFFFFFFFFL) { compressed = file.get(U64, q); q += 8; }
                    if (local == 0xFFFFFFFFL) local = file.get(U64, q);
                }
                e += 4 + len;
            }
            if ((flags & 1) != 0) throw new CheckpointFormatException(path, "zip entry " + name + " is encrypted");
            check(path, local >= 0 && local + 30 <= size && file.get(U32, local) == LOCAL, "zip entry " + name + " has no local header");
            long data = local + 30 + u16(file, local + 26) + u16(file, local + 28);
            check(path, data + compressed <= size, "zip entry " + name + " is truncated");
            entries.put(name, new Entry(name, method, compressed, uncompressed, data));
            p += 46 + nameLength + extraLength + commentLength;
        }
        return entries;
    }

    private static void check(Path path, boolean ok, String message) {
        if (!ok) throw new CheckpointFormatException(path, message);
    }

    private static int u16(MemorySegment s, long offset) {
        return Short.toUnsignedInt(s.get(U16, offset));
    }

    private static long u32(MemorySegment s, long offset) {
        return Integer.toUnsignedLong(s.get(U32, offset));
    }
}
