package org.isstudio.eval.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A paired bootstrap over examples: every replicate draws one multiset of example indices and takes every model's
 * mean over those same examples, so statistics that compare models (a slope, a difference) keep the pairing.
 * Reproducible: the same seed gives the same replicates.
 *
 * @param resamples number of replicates (2000 gives stable 95% percentile intervals)
 * @param seed      the generator's seed, recorded with the results
 * @param level     the interval's coverage, e.g. 0.95
 */
public record PairedBootstrap(int resamples, long seed, double level) {

    public static final PairedBootstrap DEFAULT = new PairedBootstrap(2000, 42, 0.95);

    public PairedBootstrap {
        if (resamples < 1) throw new IllegalArgumentException("resamples must be >= 1, was " + resamples);
        if (!(level > 0 && level < 1)) throw new IllegalArgumentException("level must be in (0, 1), was " + level);
    }

    /**
     * @param values {@code values[m][i]}: model m's value on example i, the same examples for every model
     * @return {@code means[r][m]}: model m's mean in replicate r
     */
    public double[][] replicateMeans(double[][] values) {
        int models = values.length;
        int n = models == 0 ? 0 : values[0].length;
        for (double[] v : values) {
            if (v.length != n) throw new IllegalArgumentException("paired values need the same examples for every model");
        }
        double[][] means = new double[resamples][models];
        if (n == 0) {
            for (double[] row : means) Arrays.fill(row, Double.NaN);
            return means;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] draw = new int[n];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) draw[i] = random.nextInt(n);
            for (int m = 0; m < models; m++) {
                double sum = 0;
                double[] v = values[m];
                for (int i : draw) sum += v[i];
                means[r][m] = sum / n;
            }
        }
        return means;
    }

    /** The percentile interval of a statistic's replicates; NaN replicates are left out. */
    public Interval interval(double[] replicates) {
        double[] finite = Arrays.stream(replicates).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (finite.length == 0) return Interval.UNDEFINED;
        double tail = (1 - level) / 2 * 100;
        return new Interval(Descriptive.percentileOfSorted(finite, tail), Descriptive.percentileOfSorted(finite, 100 - tail));
    }
}
