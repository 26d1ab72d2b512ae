package org.isstudio.eval.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The statistics a reviewer asks of a scaling curve, for one series (a part or a control set) over a family of
 * models: per model the contest's mean and SEM plus a bootstrap interval; the slope of the value against log10 of
 * the parameter count with a paired bootstrap interval; whether the trend is strictly monotonic, and how often it
 * is across bootstrap replicates; and a paired test between each pair of adjacent sizes.
 *
 * <p>Paired statistics use the examples every model scored ("complete cases"); the per-model mean and SEM use all of
 * that model's values, as the contest's plot does.
 */
public final class ScalingAnalysis {

    private ScalingAnalysis() {
    }

    /**
     * One model's per-example values, aligned by example: {@code values[i]} is example i, NaN when the model could
     * not score it.
     */
    public record ModelValues(String model, long parameters, double[] values) {
    }

    /** @param direction +1 when a rising value is inverse scaling (loss, logodds difference), -1 for accuracy */
    public static Trend analyse(List<ModelValues> models, int direction, boolean binary, PairedBootstrap bootstrap) {
        if (direction != 1 && direction != -1) throw new IllegalArgumentException("direction must be +1 or -1");
        List<ModelValues> sorted = models.stream()
                .sorted(Comparator.comparingLong(ModelValues::parameters).thenComparing(ModelValues::model)).toList();
        int m = sorted.size();
        double[][] paired = completeCases(sorted);
        double[][] reps = bootstrap.replicateMeans(paired);
        double[] x = sorted.stream().mapToDouble(v -> Math.log10(v.parameters())).toArray();

        List<ModelSummary> summaries = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            ModelValues v = sorted.get(k);
            int column = k;
            double[] modelReps = java.util.Arrays.stream(reps).mapToDouble(r -> r[column]).toArray();
            summaries.add(new ModelSummary(v.model(), v.parameters(), countFinite(v.values()),
                    Descriptive.mean(v.values()), Descriptive.sem(v.values()), bootstrap.interval(modelReps)));
        }

        double[] pairedMeans = new double[m];
        for (int k = 0; k < m; k++) pairedMeans[k] = Descriptive.mean(paired[k]);
        double slope = Descriptive.slope(x, summaries.stream().mapToDouble(ModelSummary::mean).toArray());
        double[] slopeReps = new double[reps.length];
        int inverse = 0;
        int monotonic = 0;
        for (int r = 0; r < reps.length; r++) {
            slopeReps[r] = Descriptive.slope(x, reps[r]);
            if (slopeReps[r] * direction > 0) inverse++;
            if (strictlyMonotonic(reps[r], direction)) monotonic++;
        }

        List<AdjacentComparison> adjacent = new ArrayList<>();
        for (int k = 0; k + 1 < m; k++) {
            double[] diffReps = new double[reps.length];
            for (int r = 0; r < reps.length; r++) diffReps[r] = reps[r][k + 1] - reps[r][k];
            adjacent.add(new AdjacentComparison(sorted.get(k).model(), sorted.get(k + 1).model(),
                    pairedMeans[k + 1] - pairedMeans[k], bootstrap.interval(diffReps),
                    binary ? PairedTests.mcNemarExact(paired[k], paired[k + 1]) : PairedTests.pairedT(paired[k], paired[k + 1]),
                    binary ? "McNemar exact" : "paired t"));
        }

        Interval slopeCi = bootstrap.interval(slopeReps);
        int n = m == 0 ? 0 : paired[0].length;
        double share = n == 0 || m < 2 ? Double.NaN : (double) inverse / reps.length;
        return new Trend(summaries, slope, slopeCi, share,
                m >= 2 && strictlyMonotonic(summaries.stream().mapToDouble(ModelSummary::mean).toArray(), direction),
                n == 0 || m < 2 ? Double.NaN : (double) monotonic / reps.length, adjacent, n,
                Verdict.of(slopeCi, direction), bootstrap);
    }

    /** The examples with a value for every model, as {@code [model][example]}. */
    static double[][] completeCases(List<ModelValues> models) {
        if (models.isEmpty()) return new double[0][];
        int n = models.getFirst().values().length;
        for (ModelValues v : models) {
            if (v.values().length != n) {
                throw new IllegalArgumentException(v.model() + " has " + v.values().length + " values, "
                        + models.getFirst().model() + " " + n + ": the values must be aligned by example");
            }
        }
        List<Integer> keep = new ArrayList<>();
        outer:
        for (int i = 0; i < n; i++) {
            for (ModelValues v : models) if (Double.isNaN(v.values()[i])) continue outer;
            keep.add(i);
        }
        double[][] out = new double[models.size()][keep.size()];
        for (int k = 0; k < models.size(); k++) {
            for (int j = 0; j < keep.size(); j++) out[k][j] = models.get(k).values()[keep.get(j)];
        }
        return out;
    }

    private static boolean strictlyMonotonic(double[] means, int direction) {
        for (int k = 0; k + 1 < means.length; k++) {
            if (!((means[k + 1] - means[k]) * direction > 0)) return false;
        }
        return true;
    }

    private static int countFinite(double[] v) {
        int n = 0;
        for (double d : v) if (!Double.isNaN(d)) n++;
        return n;
    }

    /** @param sem the contest's error bar; @param ci95 the bootstrap percentile interval of the mean */
    public record ModelSummary(String model, long parameters, int n, double mean, double sem, Interval ci95) {
    }

    /**
     * The smaller-to-larger change between two adjacent sizes on the paired examples.
     *
     * @param meanDifference larger model's mean minus the smaller's
     */
    public record AdjacentComparison(String smaller, String larger, double meanDifference, Interval ci95,
                                     double pValue, String test) {
    }

    /**
     * @param slopePerDecade         change of the mean per tenfold increase in parameters (least squares on the means)
     * @param inverseShare           the share of bootstrap replicates whose slope points the inverse-scaling way
     * @param strictlyMonotonic      whether every larger model is worse than the next smaller one (the rubric's
     *                               "clear, strictly monotonic inverse scaling")
     * @param monotonicShare         the share of bootstrap replicates that are strictly monotonic
     * @param pairedExamples         examples scored by every model, which the paired statistics use
     */
    public record Trend(List<ModelSummary> models, double slopePerDecade, Interval slopeCi95, double inverseShare,
                        boolean strictlyMonotonic, double monotonicShare, List<AdjacentComparison> adjacent,
                        int pairedExamples, Verdict verdict, PairedBootstrap bootstrap) {
        public Trend {
            models = List.copyOf(models);
            adjacent = List.copyOf(adjacent);
        }
    }

    public enum Verdict {
        /** The slope's interval lies wholly on the inverse-scaling side. */
        INVERSE,
        /** The slope's interval lies wholly on the standard-scaling side. */
        STANDARD,
        /** The interval contains 0, or there are too few models. */
        UNCLEAR;

        static Verdict of(Interval slope, int direction) {
            if (Double.isNaN(slope.low())) return UNCLEAR;
            if (slope.low() * direction > 0 && slope.high() * direction > 0) return INVERSE;
            if (slope.low() * direction < 0 && slope.high() * direction < 0) return STANDARD;
            return UNCLEAR;
        }
    }
}
