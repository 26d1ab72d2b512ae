package org.isstudio.eval.stats;

import java.util.Arrays;

/**
 * The aggregates the contest's {@code plot_loss.py} draws, with pandas' semantics: NaN values are skipped by the mean
 * and the standard deviation, but the SEM divides by the square root of <em>all</em> rows
 * ({@code np.std(series) / np.sqrt(len(series))}, population standard deviation, ddof = 0).
 */
public final class Descriptive {

    private Descriptive() {
    }

    public static double mean(double[] x) {
        double sum = 0;
        int n = 0;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** {@code np.std(series)}: the population standard deviation of the non-NaN values. */
    public static double populationStd(double[] x) {
        double m = mean(x);
        double ss = 0;
        int n = 0;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                ss += (v - m) * (v - m);
                n++;
            }
        }
        return n == 0 ? Double.NaN : Math.sqrt(ss / n);
    }

    /** The contest's error bar. */
    public static double sem(double[] x) {
        return populationStd(x) / Math.sqrt(x.length);
    }

    /** The sample standard deviation (ddof = 1), for the paired t statistic. */
    public static double sampleStd(double[] x) {
        double m = mean(x);
        double ss = 0;
        for (double v : x) ss += (v - m) * (v - m);
        return Math.sqrt(ss / (x.length - 1));
    }

    /** {@code np.percentile(x, q)} with numpy's default linear interpolation; q in [0, 100]. */
    public static double percentile(double[] x, double q) {
        double[] s = x.clone();
        Arrays.sort(s);
        return percentileOfSorted(s, q);
    }

    static double percentileOfSorted(double[] s, double q) {
        if (s.length == 0) return Double.NaN;
        double pos = q / 100.0 * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    /**
     * The least-squares slope of {@code y} on {@code x} ({@code np.polyfit(x, y, 1)[0]}); NaN with fewer than two
     * distinct x.
     */
    public static double slope(double[] x, double[] y) {
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }
}
