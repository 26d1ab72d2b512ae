package org.isstudio.engine.kernel;

/**
 * The cached keys and values one query can see, stored as consecutive runs of positions (a prefix-tree path:
 * the shared prompt, then the example, then the class). Run {@code r} holds positions
 * {@code [start[r], start[r] + length[r])}. Keys are stored transposed, dimension {@code c} of the run's
 * position {@code i} at {@code keys[r][c·length[r] + i]}, so the scores of consecutive positions come from
 * whole-vector loads; values are row-major, {@code values[r][i·stride + c]}. Runs are ordered and contiguous
 * from position 0; {@code stride} is the width of a cached row (all key/value heads).
 */
public record KvView(float[][] keys, float[][] values, int[] start, int[] length, int stride) {

    /** A single run from position 0 ({@code keys} transposed as described above). */
    public static KvView of(float[] keys, float[] values, int positions, int stride) {
        return new KvView(new float[][] {keys}, new float[][] {values}, new int[] {0}, new int[] {positions}, stride);
    }

    public int positions() {
        int r = start.length - 1;
        return r < 0 ? 0 : start[r] + length[r];
    }
}
