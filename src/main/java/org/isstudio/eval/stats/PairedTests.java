package org.isstudio.eval.stats;

/**
 * Significance tests for two models scored on the <em>same</em> examples. The examples are paired across models, so
 * the tests work on per-example differences; an unpaired test (as lm-evaluation-harness's model comparator once
 * used, issue #3831) ignores that the example's difficulty is shared and is wrong here.
 */
public final class PairedTests {

    private PairedTests() {
    }

    /** Two-sided p-value of the paired t-test ({@code scipy.stats.ttest_rel}) of {@code b - a}. */
    public static double pairedT(double[] a, double[] b) {
        int n = a.length;
        if (n != b.length) throw new IllegalArgumentException("unpaired: " + n + " vs " + b.length + " values");
        if (n < 2) return Double.NaN;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = b[i] - a[i];
        double sd = Descriptive.sampleStd(d);
        double mean = Descriptive.mean(d);
        if (sd == 0) return mean == 0 ? 1.0 : 0.0;
        double t = mean / (sd / Math.sqrt(n));
        return SpecialFunctions.studentTwoSided(t, n - 1);
    }

    /**
     * Two-sided exact McNemar test for paired 0/1 outcomes ({@code scipy.stats.binomtest(min(b, c), b + c, 0.5)} on
     * the discordant pairs): the test for "did accuracy change between these two models".
     */
    public static double mcNemarExact(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("unpaired: " + a.length + " vs " + b.length + " values");
        int onlyA = 0;
        int onlyB = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != 0 && b[i] == 0) onlyA++;
            if (a[i] == 0 && b[i] != 0) onlyB++;
        }
        int n = onlyA + onlyB;
        if (n == 0) return 1.0;
        return Math.min(1.0, 2 * SpecialFunctions.binomialHalfCdf(Math.min(onlyA, onlyB), n));
    }
}
