package org.isstudio.eval.stats;

import org.isstudio.eval.stats.ScalingAnalysis.ModelValues;
import org.isstudio.eval.stats.ScalingAnalysis.Trend;
import org.isstudio.eval.stats.ScalingAnalysis.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScalingAnalysisTest {

    /** Per-example losses that rise by {@code step} per model, with shared per-example difficulty and small noise. */
    private static List<ModelValues> family(double step, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] difficulty = new double[n];
        for (int i = 0; i < n; i++) difficulty[i] = 0.3 + 1.5 * r.nextDouble();
        long[] sizes = {124_000_000L, 355_000_000L, 774_000_000L, 1_500_000_000L};
        String[] names = {"gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl"};
        List<ModelValues> out = new java.util.ArrayList<>();
        for (int k = sizes.length - 1; k >= 0; k--) { // deliberately not in size order
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = difficulty[i] + step * k + 0.05 * (r.nextDouble() - 0.5);
            out.add(new ModelValues(names[k], sizes[k], v));
        }
        return out;
    }

    @Test
    void aClearInverseTrendIsFoundAndPaired() {
        Trend t = ScalingAnalysis.analyse(family(0.05, 300, 1), 1, false, PairedBootstrap.DEFAULT);
        assertEquals(List.of("gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl"), t.models().stream().map(ScalingAnalysis.ModelSummary::model).toList());
        assertEquals(Verdict.INVERSE, t.verdict());
        assertTrue(t.strictlyMonotonic());
        assertEquals(1.0, t.inverseShare());
        assertEquals(300, t.pairedExamples());
        // the shared difficulty (sd ~0.43) swamps an unpaired comparison of a 0.05 step; the paired test is certain
        for (var c : t.adjacent()) {
            assertEquals(0.05, c.meanDifference(), 0.01);
            assertTrue(c.pValue() < 1e-10, c.toString());
            assertTrue(c.ci95().low() > 0, c.toString());
        }
        double expectedSlope = Descriptive.slope(
                t.models().stream().mapToDouble(m -> Math.log10(m.parameters())).toArray(),
                t.models().stream().mapToDouble(ScalingAnalysis.ModelSummary::mean).toArray());
        assertEquals(expectedSlope, t.slopePerDecade(), 1e-12);
        assertTrue(t.slopeCi95().low() < t.slopePerDecade() && t.slopePerDecade() < t.slopeCi95().high());
    }

    @Test
    void aFlatTrendIsUnclearAndAccuracyDirectionIsReversed() {
        Trend flat = ScalingAnalysis.analyse(family(0.0, 200, 2), 1, false, PairedBootstrap.DEFAULT);
        assertEquals(Verdict.UNCLEAR, flat.verdict());
        assertTrue(flat.slopeCi95().low() < 0 && flat.slopeCi95().high() > 0);
        Trend falling = ScalingAnalysis.analyse(family(-0.05, 200, 3), -1, false, PairedBootstrap.DEFAULT);
        assertEquals(Verdict.INVERSE, falling.verdict(), "a falling accuracy is inverse scaling");
    }

    @Test
    void bootstrapIsReproducibleBySeedAndNearTheNormalInterval() {
        List<ModelValues> data = family(0.02, 400, 4);
        Trend a = ScalingAnalysis.analyse(data, 1, false, new PairedBootstrap(2000, 7, 0.95));
        Trend b = ScalingAnalysis.analyse(data, 1, false, new PairedBootstrap(2000, 7, 0.95));
        Trend c = ScalingAnalysis.analyse(data, 1, false, new PairedBootstrap(2000, 8, 0.95));
        assertEquals(a, b);
        assertNotEquals(a.slopeCi95(), c.slopeCi95());
        var m = a.models().getFirst();
        // population-sd SEM and the percentile bootstrap agree to a few percent at n = 400
        assertEquals(m.mean() - 1.96 * m.sem(), m.ci95().low(), 0.1 * 1.96 * m.sem());
        assertEquals(m.mean() + 1.96 * m.sem(), m.ci95().high(), 0.1 * 1.96 * m.sem());
    }

    @Test
    void pairedStatisticsUseOnlyExamplesEveryModelScored() {
        var values = List.of(new ModelValues("small", 1_000_000, new double[] {1, 2, Double.NaN, 4}),
                new ModelValues("big", 10_000_000, new double[] {2, Double.NaN, 5, 6}));
        Trend t = ScalingAnalysis.analyse(values, 1, false, PairedBootstrap.DEFAULT);
        assertEquals(2, t.pairedExamples());
        assertEquals(1.5, t.adjacent().getFirst().meanDifference(), 1e-12); // (2-1 + 6-4) / 2
        assertEquals(3, t.models().getFirst().n());
        assertEquals(7.0 / 3, t.models().getFirst().mean(), 1e-12);
        assertFalse(Double.isNaN(t.slopePerDecade()));
    }

    @Test
    void accuracyComparisonsUseMcNemar() {
        var values = List.of(new ModelValues("a", 1, StatsAgainstNumpyTest.A.clone()),
                new ModelValues("b", 10, StatsAgainstNumpyTest.B.clone()));
        assertEquals("paired t", ScalingAnalysis.analyse(values, 1, false, PairedBootstrap.DEFAULT).adjacent().getFirst().test());
        assertEquals(0.7995026959474025, ScalingAnalysis.analyse(values, 1, false, PairedBootstrap.DEFAULT).adjacent().getFirst().pValue(), 1e-10);
        var acc = List.of(new ModelValues("a", 1, new double[] {1, 1, 0, 1}), new ModelValues("b", 10, new double[] {0, 1, 0, 0}));
        assertEquals("McNemar exact", ScalingAnalysis.analyse(acc, -1, true, PairedBootstrap.DEFAULT).adjacent().getFirst().test());
    }
}
