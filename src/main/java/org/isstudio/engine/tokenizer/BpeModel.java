package org.isstudio.engine.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The BPE model of {@code tokenizer.json}, as the {@code tokenizers} library runs it: a word becomes one
 * symbol per character (or its {@code <0xNN>} bytes with byte fallback, or the unknown token), then the
 * adjacent pair with the lowest merge rank is merged, leftmost first among equal ranks, until no pair has a
 * merge. A priority queue of candidate merges keeps that O(n log n) per word, and a bounded cache of whole
 * words makes repeated words free, as in the library.
 */
final class BpeModel {

    /**
     * The library caches up to 10,000 words of up to 256 characters; text is Zipfian, so that catches most
     * repeats, and a long "word" (a whole text, for models without a pre-tokenizer) does not pin memory.
     */
    private static final int CACHE_CAPACITY = 10_000;
    private static final int CACHE_MAX_WORD_LENGTH = 256;
    private static final int[] NO_IDS = new int[0];

    private final Map<String, Integer> vocab;
    private final String[] idToToken;
    private final MergeTable merges;
    private final int unkId;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    private final String continuingSubwordPrefix;
    private final String endOfWordSuffix;
    private final int[] byteFallbackIds;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    /**
     * @param unkId the unknown token's id, or -1 for none (unknown characters are then dropped, as in the library)
     * @param continuingSubwordPrefix null or "" for none
     * @param endOfWordSuffix null or "" for none
     */
    BpeModel(Map<String, Integer> vocab, MergeTable merges, int unkId, boolean fuseUnk, boolean byteFallback,
            boolean ignoreMerges, String continuingSubwordPrefix, String endOfWordSuffix) {
        this.vocab = vocab; // built by the reader for this model alone
        int max = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        this.idToToken = new String[max + 1];
        vocab.forEach((token, id) -> idToToken[id] = token);
        this.merges = merges;
        this.unkId = unkId;
        this.fuseUnk = fuseUnk;
        this.byteFallback = byteFallback;
        this.ignoreMerges = ignoreMerges;
        this.continuingSubwordPrefix = continuingSubwordPrefix == null || continuingSubwordPrefix.isEmpty() ? null : continuingSubwordPrefix;
        this.endOfWordSuffix = endOfWordSuffix == null || endOfWordSuffix.isEmpty() ? null : endOfWordSuffix;
        this.byteFallbackIds = new int[256];
        for (int b = 0; b < 256; b++) {
            Integer id = vocab.get(String.format("<0x%02X>", b));
            byteFallbackIds[b] = id == null ? -1 : id;
        }
    }

    Integer id(String token) {
        return vocab.get(token);
    }

    /** The token of an id, or null when the vocabulary has no such id. */
    String token(int id) {
        return id >= 0 && id < idToToken.length ? idToToken[id] : null;
    }

    /** One more than the largest id. */
    int size() {
        return idToToken.length;
    }

    /** The number of vocabulary entries (the library's vocabulary size, which numbers new added tokens). */
    int entries() {
        return vocab.size();
    }

    int[] tokenize(String word) {
        if (word.isEmpty()) return NO_IDS;
        if (ignoreMerges) {
            Integer whole = vocab.get(word);
            if (whole != null) return new int[] {whole};
        }
        int[] cached = cache.get(word);
        if (cached != null) return cached;
        int[] ids = mergeWord(word);
        if (word.length() <= CACHE_MAX_WORD_LENGTH && cache.size() < CACHE_CAPACITY) cache.put(word, ids);
        return ids;
    }

    private int[] mergeWord(String word) {
        Word w = new Word(word.length() + 4);
        boolean unkPending = false;
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            int end = i + Character.charCount(cp);
            String symbol = word.substring(i, end);
            if (i > 0 && continuingSubwordPrefix != null) symbol = continuingSubwordPrefix + symbol;
            if (end == word.length() && endOfWordSuffix != null) symbol = symbol + endOfWordSuffix;
            i = end;
            Integer id = vocab.get(symbol);
            if (id != null) {
                if (unkPending) w.add(unkId);
                unkPending = false;
                w.add(id);
                continue;
            }
            // as in the library, byte tokens do not flush a pending unknown token: it lands before the
            // next known symbol, and unknowns on both sides of the bytes fuse
            if (byteFallback && addBytes(w, symbol)) continue;
            if (unkId >= 0) {
                // consecutive unknowns fuse into one with fuse_unk, else each is its own
                if (unkPending && !fuseUnk) w.add(unkId);
                unkPending = true;
            }
        }
        if (unkPending) w.add(unkId);
        return w.mergeAll(merges);
    }

    /** Adds the {@code <0xNN>} tokens of a symbol's UTF-8 bytes if all are in the vocabulary. */
    private boolean addBytes(Word w, String symbol) {
        byte[] bytes = symbol.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) if (byteFallbackIds[b & 0xFF] < 0) return false;
        for (byte b : bytes) w.add(byteFallbackIds[b & 0xFF]);
        return true;
    }

    /** The symbols of one word as a doubly linked list over arrays, merged in place. */
    private static final class Word {
        private int[] ids;
        private int[] prev;
        private int[] next;
        private int size;

        Word(int capacity) {
            ids = new int[capacity];
            prev = new int[capacity];
            next = new int[capacity];
        }

        void add(int id) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                prev = Arrays.copyOf(prev, size * 2);
                next = Arrays.copyOf(next, size * 2);
            }
            ids[size] = id;
            prev[size] = size - 1;
            next[size] = size + 1;
            size++;
        }

        int[] mergeAll(MergeTable merges) {
            if (size == 0) return NO_IDS;
            next[size - 1] = -1;
            boolean[] removed = new boolean[size];
            LongHeap queue = new LongHeap(size);
            for (int pos = 0; pos + 1 < size; pos++) {
                long m = merges.get(ids[pos], ids[pos + 1]);
                if (m >= 0) queue.push(MergeTable.rank(m), pos);
            }
            while (!queue.isEmpty()) {
                long top = queue.pop();
                int pos = LongHeap.position(top);
                int rank = LongHeap.rank(top);
                if (removed[pos] || next[pos] < 0) continue;
                int right = next[pos];
                long m = merges.get(ids[pos], ids[right]);
                // a stale entry: the pair at pos changed since it was queued
                if (m < 0 || MergeTable.rank(m) != rank) continue;
                ids[pos] = MergeTable.newId(m);
                removed[right] = true;
                next[pos] = next[right];
                if (next[right] >= 0) prev[next[right]] = pos;
                if (prev[pos] >= 0) {
                    long left = merges.get(ids[prev[pos]], ids[pos]);
                    if (left >= 0) queue.push(MergeTable.rank(left), prev[pos]);
                }
                if (next[pos] >= 0) {
                    long after = merges.get(ids[pos], ids[next[pos]]);
                    if (after >= 0) queue.push(MergeTable.rank(after), pos);
                }
            }
            int[] out = new int[size];
            int n = 0;
            for (int pos = 0; pos >= 0; pos = next[pos]) out[n++] = ids[pos];
            return n == size ? out : Arrays.copyOf(out, n);
        }
    }

    /** A min-heap of (rank, position) packed in longs, so ties in rank go to the leftmost position. */
    private static final class LongHeap {
        private long[] heap;
        private int size;

        LongHeap(int capacity) {
            heap = new long[Math.max(4, capacity)];
        }

        static int rank(long entry) {
            return (int) (entry >>> 32);
        }

        static int position(long entry) {
            return (int) entry;
        }

        boolean isEmpty() {
            return size == 0;
        }

        void push(int rank, int position) {
            if (size == heap.length) heap = Arrays.copyOf(heap, size * 2);
            long v = ((long) rank << 32) | position;
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (heap[parent] <= v) break;
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = v;
        }

        long pop() {
            long top = heap[0];
            long last = heap[--size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) break;
                if (child + 1 < size && heap[child + 1] < heap[child]) child++;
                if (heap[child] >= last) break;
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = last;
            return top;
        }
    }
}
