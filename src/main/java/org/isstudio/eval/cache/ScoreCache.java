package org.isstudio.eval.cache;

import org.isstudio.engine.ScoreRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * A persistent cache of per-token log-probabilities, keyed by a SHA-256 of the backend's
 * {@linkplain org.isstudio.eval.ScoringBackend#cacheIdentity() identity} and the exact request (token ids and the
 * first scored position). Renaming, reordering or re-importing examples finds the same keys; an edit changes only
 * the keys of the sequences it touches.
 *
 * <h2>On disk</h2>
 * A folder of append-only segment files. Every instance writes only to segments it created itself
 * ({@code CREATE_NEW}), so writers in several processes never share a file; each record is written with one call
 * and carries a CRC-32, so a process killed mid-write leaves at most a torn last record, which readers detect and
 * skip. Readers index every segment at open and pick up other writers' segments on {@link #refresh()}.
 *
 * <h2>Bounded</h2>
 * A segment is closed at {@code segmentBytes}; when all segments together exceed {@code maxBytes} the oldest are
 * deleted. An entry found in a segment that is next in line for deletion is copied into the current one, so what
 * is still in use survives (least-recently-used at segment granularity).
 *
 * <p>Thread-safe.
 */
public final class ScoreCache implements AutoCloseable {

    /**
     * 32 MiB hold about 600,000 scored sequences (a 1000-example binary task on 8 models is 16,000), and their index
     * takes about 60 MB of heap.
     */
    public static final long DEFAULT_MAX_BYTES = 32L << 20;
    public static final long DEFAULT_SEGMENT_BYTES = 2L << 20;

    private static final byte[] MAGIC = "ISSCORE1".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_BYTES = 32;
    /** length prefix + key + count + crc */
    private static final int OVERHEAD = 4 + KEY_BYTES + 4 + 4;
    private static final int MAX_TOKENS_PER_RECORD = 1 << 20;

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final Map<Key, Location> index = new HashMap<>();
    /** Every segment seen, by file name, with how far it has been indexed. */
    private final Map<String, Segment> segments = new HashMap<>();
    private final Set<String> evictable = new HashSet<>();
    private Segment current;
    private long hits;
    private long misses;

    private ScoreCache(Path dir, long maxBytes, long segmentBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
    }

    public static ScoreCache open(Path dir) throws IOException {
        return open(dir, DEFAULT_MAX_BYTES, DEFAULT_SEGMENT_BYTES);
    }

    public static ScoreCache open(Path dir, long maxBytes, long segmentBytes) throws IOException {
        if (segmentBytes < 1024 || maxBytes < 2 * segmentBytes) {
            throw new IllegalArgumentException("need segmentBytes >= 1024 and maxBytes >= 2 * segmentBytes");
        }
        Files.createDirectories(dir);
        ScoreCache cache = new ScoreCache(dir, maxBytes, segmentBytes);
        cache.refresh();
        return cache;
    }

    /** The cached log-probabilities of the request under the identity, or {@code null}. */
    public synchronized float[] get(String identity, ScoreRequest request) {
        byte[] digest = Key.digest(identity, request);
        Key key = Key.of(digest);
        Location at = index.get(key);
        if (at == null) {
            misses++;
            return null;
        }
        float[] values;
        try {
            values = read(at);
        } catch (IOException e) {
            // another process evicted the segment under us: a miss, not an error
            index.remove(key);
            misses++;
            return null;
        }
        if (values == null || values.length != request.scoredCount()) {
            index.remove(key);
            misses++;
            return null;
        }
        hits++;
        if (evictable.contains(at.segment().name) && at.segment() != current) put(digest, values);
        return values;
    }

    public synchronized void put(String identity, ScoreRequest request, float[] logprobs) {
        if (logprobs.length != request.scoredCount()) {
            throw new IllegalArgumentException("expected " + request.scoredCount() + " log-probabilities, got " + logprobs.length);
        }
        put(Key.digest(identity, request), logprobs);
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    public synchronized int size() {
        return index.size();
    }

    /** Indexes records other writers appended since the last look, and their new segments. */
    public synchronized void refresh() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.seg")) {
            for (Path p : s) files.add(p);
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (Path p : files) {
            String name = p.getFileName().toString();
            Segment seg = segments.get(name);
            if (seg == null) {
                try {
                    seg = new Segment(name, FileChannel.open(p, StandardOpenOption.READ));
                } catch (NoSuchFileException gone) {
                    continue;
                }
                segments.put(name, seg);
            }
            if (seg != current) scan(seg);
        }
        planEviction();
    }

    private void scan(Segment seg) throws IOException {
        long size = seg.channel.size();
        if (seg.scanned == 0) {
            if (size < MAGIC.length) return; // being created
            ByteBuffer magic = ByteBuffer.allocate(MAGIC.length);
            seg.channel.read(magic, 0);
            if (!Arrays.equals(magic.array(), MAGIC)) {
                seg.scanned = Long.MAX_VALUE; // not ours: never read it
                return;
            }
            seg.scanned = MAGIC.length;
        }
        ByteBuffer lengthBuf = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        while (seg.scanned + 4 <= size) {
            lengthBuf.clear();
            seg.channel.read(lengthBuf, seg.scanned);
            int payload = lengthBuf.getInt(0);
            if (payload < KEY_BYTES + 4 || payload > KEY_BYTES + 4 + 4 * MAX_TOKENS_PER_RECORD) break;
            if (seg.scanned + 4 + payload + 4 > size) break; // torn or still being written
            ByteBuffer record = ByteBuffer.allocate(payload + 4).order(ByteOrder.LITTLE_ENDIAN);
            seg.channel.read(record, seg.scanned + 4);
            CRC32 crc = new CRC32();
            crc.update(record.array(), 0, payload);
            if ((int) crc.getValue() != record.getInt(payload)) break; // torn record from a killed writer
            index.put(Key.of(record.array()), new Location(seg, seg.scanned + 4 + KEY_BYTES, payload - KEY_BYTES));
            seg.scanned += 4 + payload + 4;
        }
    }

    private float[] read(Location at) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(at.length).order(ByteOrder.LITTLE_ENDIAN);
        at.segment.channel.read(b, at.offset);
        if (b.hasRemaining()) return null;
        b.flip();
        int n = b.getInt();
        if (n * 4 != at.length - 4) return null;
        float[] out = new float[n];
        b.asFloatBuffer().get(out);
        return out;
    }

    private void put(byte[] digest, float[] logprobs) {
        int payload = KEY_BYTES + 4 + 4 * logprobs.length;
        ByteBuffer b = ByteBuffer.allocate(4 + payload + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(payload).put(digest).putInt(logprobs.length);
        for (float f : logprobs) b.putFloat(f);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 4, payload);
        b.putInt((int) crc.getValue());
        b.flip();
        try {
            Segment seg = writable(b.remaining());
            long at = seg.written;
            while (b.hasRemaining()) seg.channel.write(b, seg.written + b.position());
            seg.written += b.limit();
            seg.scanned = seg.written;
            index.put(Key.of(digest), new Location(seg, at + 4 + KEY_BYTES, payload - KEY_BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the score cache in " + dir, e);
        }
    }

    private Segment writable(int bytes) throws IOException {
        if (current != null && current.written + bytes <= segmentBytes) return current;
        if (current != null) {
            current = null;
            evictOldest();
        }
        String name = String.format("%013d-%016x.seg", System.currentTimeMillis(), ThreadLocalRandom.current().nextLong());
        FileChannel ch = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        ch.write(ByteBuffer.wrap(MAGIC), 0);
        Segment seg = new Segment(name, ch);
        seg.written = MAGIC.length;
        seg.scanned = MAGIC.length;
        segments.put(name, seg);
        current = seg;
        return seg;
    }

    /** Deletes the oldest segments while the folder is over its bound. */
    private void evictOldest() throws IOException {
        List<Segment> oldestFirst = segments.values().stream().sorted(Comparator.comparing(s -> s.name)).toList();
        long total = 0;
        for (Segment s : oldestFirst) total += s.channel.size();
        for (Segment s : oldestFirst) {
            if (total <= maxBytes) break;
            if (s == current) continue;
            long size = s.channel.size();
            try {
                Files.deleteIfExists(dir.resolve(s.name));
            } catch (IOException stillOpenElsewhere) {
                continue; // Windows refuses while another process reads it; try again next time
            }
            s.channel.close();
            segments.remove(s.name);
            index.values().removeIf(l -> l.segment == s);
            total -= size;
        }
        planEviction();
    }

    /** Marks the segments that the next eviction will take if the cache grows by a quarter of its bound. */
    private void planEviction() throws IOException {
        evictable.clear();
        List<Segment> oldestFirst = segments.values().stream().sorted(Comparator.comparing(s -> s.name)).toList();
        long total = 0;
        for (Segment s : oldestFirst) total += s.channel.size();
        long excess = total - maxBytes * 3 / 4;
        for (Segment s : oldestFirst) {
            if (excess <= 0) break;
            evictable.add(s.name);
            excess -= s.channel.size();
        }
    }

    @Override
    public synchronized void close() {
        for (Segment s : segments.values()) {
            try {
                s.channel.close();
            } catch (IOException ignored) {
                // closing a read channel cannot lose data
            }
        }
        segments.clear();
        index.clear();
        current = null;
    }

    private static final class Segment {
        final String name;
        final FileChannel channel;
        long scanned;
        long written;

        Segment(String name, FileChannel channel) {
            this.name = name;
            this.channel = channel;
        }
    }

    /** Where a record's {@code count, floats} start and how long they are. */
    private record Location(Segment segment, long offset, int length) {
    }

    /**
     * The first 128 bits of the SHA-256 of identity and request: the index compares these (a collision among a cache's
     * entries is as unlikely as one among random 128-bit numbers), the file keeps all 256 bits.
     */
    private record Key(long high, long low) {
        static byte[] digest(String identity, ScoreRequest r) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                byte[] id = identity.getBytes(StandardCharsets.UTF_8);
                ByteBuffer b = ByteBuffer.allocate(4 + id.length + 8 + 4 * r.tokens().length).order(ByteOrder.LITTLE_ENDIAN);
                b.putInt(id.length).put(id).putInt(r.from()).putInt(r.tokens().length);
                for (int t : r.tokens()) b.putInt(t);
                return sha.digest(b.array());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }

        static Key of(byte[] digest) {
            ByteBuffer b = ByteBuffer.wrap(digest, 0, 16);
            return new Key(b.getLong(), b.getLong());
        }
    }
}
