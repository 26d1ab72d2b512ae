package org.isstudio.eval.cache;

import org.isstudio.engine.ScoreRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreCacheTest {

    @TempDir
    Path dir;

    private static ScoreRequest request(int seed, int length) {
        int[] tokens = new int[length];
        for (int i = 0; i < length; i++) tokens[i] = seed * 1000 + i;
        return new ScoreRequest(tokens, length - 2);
    }

    private static float[] values(int seed) {
        return new float[] {-seed - 0.25f, -seed - 0.5f};
    }

    @Test
    void entriesSurviveReopeningAndAreKeyedByIdentityAndTokens() throws IOException {
        try (ScoreCache cache = ScoreCache.open(dir)) {
            cache.put("model-a", request(1, 5), values(1));
            cache.put("model-a", request(2, 5), values(2));
        }
        try (ScoreCache cache = ScoreCache.open(dir)) {
            assertArrayEquals(values(1), cache.get("model-a", request(1, 5)));
            assertArrayEquals(values(2), cache.get("model-a", request(2, 5)));
            assertNull(cache.get("model-b", request(1, 5)), "another model's scores are not these");
            assertNull(cache.get("model-a", new ScoreRequest(request(1, 5).tokens(), 2)), "another first position");
            assertEquals(2, cache.hits());
            assertEquals(2, cache.misses());
        }
    }

    @Test
    void aTornRecordFromAKilledWriterIsIgnored() throws IOException {
        try (ScoreCache cache = ScoreCache.open(dir)) {
            cache.put("m", request(1, 5), values(1));
            cache.put("m", request(2, 5), values(2));
        }
        Path segment = onlySegment();
        long intact = Files.size(segment);
        // the last record half-written, then garbage where a crash left the file
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(intact - 5);
            ch.write(ByteBuffer.wrap(new byte[] {7, 7, 7}), intact - 5);
        }
        try (ScoreCache cache = ScoreCache.open(dir)) {
            assertArrayEquals(values(1), cache.get("m", request(1, 5)));
            assertNull(cache.get("m", request(2, 5)));
            cache.put("m", request(2, 5), values(2));
        }
        try (ScoreCache cache = ScoreCache.open(dir)) {
            assertArrayEquals(values(2), cache.get("m", request(2, 5)), "rewritten into a fresh segment");
        }
    }

    @Test
    void concurrentWritersInSeveralInstancesLoseNothing() throws Exception {
        int writers = 4;
        int perWriter = 300;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<ScoreCache> caches = new ArrayList<>();
        for (int w = 0; w < writers; w++) caches.add(ScoreCache.open(dir));
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            ScoreCache cache = caches.get(w);
            int base = w * perWriter;
            done.add(pool.submit(() -> {
                for (int i = 0; i < perWriter; i++) cache.put("m", request(base + i, 6), values(base + i));
                return null;
            }));
        }
        for (Future<?> f : done) f.get();
        pool.shutdown();
        // a reader opened before the writes sees them after a refresh
        caches.getFirst().refresh();
        assertArrayEquals(values(3 * perWriter + 7), caches.getFirst().get("m", request(3 * perWriter + 7, 6)));
        caches.forEach(ScoreCache::close);
        try (ScoreCache cache = ScoreCache.open(dir)) {
            assertEquals(writers * perWriter, cache.size());
            for (int i = 0; i < writers * perWriter; i++) assertArrayEquals(values(i), cache.get("m", request(i, 6)));
        }
    }

    @Test
    void theFolderStaysWithinItsBoundAndKeepsWhatIsUsed() throws IOException {
        long max = 16 * 1024;
        long segment = 2 * 1024;
        try (ScoreCache cache = ScoreCache.open(dir, max, segment)) {
            cache.put("m", request(0, 6), values(0));
            for (int i = 1; i < 2000; i++) {
                cache.put("m", request(i, 6), values(i));
                // the first entry is in constant use
                assertArrayEquals(values(0), cache.get("m", request(0, 6)), "lost at " + i);
            }
            assertNull(cache.get("m", request(1, 6)), "an unused old entry was evicted");
            assertArrayEquals(values(1999), cache.get("m", request(1999, 6)));
        }
        assertTrue(folderBytes() <= max + segment, "the folder holds " + folderBytes() + " bytes");
    }

    private Path onlySegment() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> all = s.toList();
            assertEquals(1, all.size());
            return all.getFirst();
        }
    }

    private long folderBytes() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
