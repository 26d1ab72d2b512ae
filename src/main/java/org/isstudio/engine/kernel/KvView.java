package org.isstudio.engine.kernel;

/**
 * The cached keys and values one query can see, stored as consecutive runs of positions (a prefix-tree path:
 * the shared prompt, then the example, then the class). Run {@code r} holds positions
 * {@code [start[r], start[r] + length[r])}, one row of {@code stride} floats per position; runs are ordered
 * and contiguous from position 0.
 */
public record KvView(float[][] keys, float[][] values, int[] start, int[] length, int stride) {

    /** A single run from position 0. */
    public static KvView of(float[] keys, float[] values, int positions, int stride) {
        return new KvView(new float[][] {keys}, new float[][] {values}, new int[] {0}, new int[] {positions}, stride);
    }

    public int positions() {
        int r = start.length - 1;
        return r < 0 ? 0 : start[r] + length[r];
    }
}
