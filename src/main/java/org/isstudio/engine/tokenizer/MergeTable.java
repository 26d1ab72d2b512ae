package org.isstudio.engine.tokenizer;

import java.util.Arrays;

/**
 * The merges of a BPE model: (left id, right id) to (rank, merged id), in an open-addressing table of
 * primitive longs, because the lookup runs for every adjacent pair of every word (Llama 3 has 280,147
 * merges). A later duplicate of a pair replaces the earlier one, as the library's hash map does.
 */
final class MergeTable {

    private static final long EMPTY = -1L;

    private long[] keys;
    private long[] values;
    private int size;
    private int mask;

    MergeTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new long[capacity];
        Arrays.fill(keys, EMPTY);
        mask = capacity - 1;
    }

    void put(int left, int right, int rank, int newId) {
        if ((size + 1) * 2 > keys.length) grow();
        long key = key(left, right);
        int slot = slot(key);
        while (keys[slot] != EMPTY && keys[slot] != key) slot = (slot + 1) & mask;
        if (keys[slot] == EMPTY) size++;
        keys[slot] = key;
        values[slot] = ((long) rank << 32) | (newId & 0xFFFFFFFFL);
    }

    /** The packed (rank, merged id) of a pair, or -1 when the pair has no merge. */
    long get(int left, int right) {
        long key = key(left, right);
        int slot = slot(key);
        while (true) {
            long k = keys[slot];
            if (k == key) return values[slot];
            if (k == EMPTY) return -1;
            slot = (slot + 1) & mask;
        }
    }

    static int rank(long packed) {
        return (int) (packed >>> 32);
    }

    static int newId(long packed) {
        return (int) packed;
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put((int) (oldKeys[i] >>> 32), (int) oldKeys[i], rank(oldValues[i]), newId(oldValues[i]));
            }
        }
    }
}
