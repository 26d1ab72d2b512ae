package org.isstudio.eval.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Expected values computed with numpy 1.24 / scipy 1.10 (/usr/bin/python3) on the same inputs. */
class StatsAgainstNumpyTest {

    static final double[] A = {1.0, 1.119, 0.89, 0.644, 0.818, 0.603, 1.024, 1.536, 0.803, 0.752, 1.196, 1.143};
    static final double[] B = {1.171, 1.083, 1.034, 0.933, 0.699, 0.661, 0.794, 1.428, 0.585, 0.855, 1.093, 1.347};

    @Test
    void meanAndSemAsTheContestPlotsThem() {
        assertEquals(0.625, Descriptive.mean(new double[] {0.5, 0.7, 1.1, 0.2}), 1e-12);
        assertEquals(0.16345871038277526, Descriptive.sem(new double[] {0.5, 0.7, 1.1, 0.2}), 1e-12);
        assertEquals(0.9606666666666667, Descriptive.mean(A), 1e-12);
        assertEquals(0.0732297880090599, Descriptive.sem(A), 1e-12);
    }

    @Test
    void nanIsSkippedButCountsInTheSemDenominatorLikePandas() {
        double[] x = {1.0, Double.NaN, 3.0, 4.0};
        assertEquals(2.6666666666666665, Descriptive.mean(x), 1e-12);
        assertEquals(0.6236095644623235, Descriptive.sem(x), 1e-12);
    }

    @Test
    void percentilesInterpolateLinearlyLikeNumpy() {
        assertEquals(0.614275, Descriptive.percentile(A, 2.5), 1e-12);
        assertEquals(1.4425, Descriptive.percentile(A, 97.5), 1e-12);
        assertEquals(0.945, Descriptive.percentile(A, 50), 1e-12);
    }

    @Test
    void slopeIsPolyfitDegreeOne() {
        double[] x = {Math.log10(124e6), Math.log10(355e6), Math.log10(774e6), Math.log10(1.5e9)};
        assertEquals(0.20191379521798966, Descriptive.slope(x, new double[] {0.71, 0.69, 0.80, 0.93}), 1e-12);
    }

    @Test
    void pairedTIsScipyTtestRel() {
        assertEquals(0.7995026959474025, PairedTests.pairedT(A, B), 1e-10);
    }

    @Test
    void studentTTailsMatchScipy() {
        assertEquals(0.06511828241215198, SpecialFunctions.studentTwoSided(2.1, 9), 1e-12);
        assertEquals(0.764488730189328, SpecialFunctions.studentTwoSided(0.3, 200), 1e-12);
        assertEquals(0.015392438073302296, SpecialFunctions.studentTwoSided(5, 3), 1e-12);
    }

    @Test
    void mcNemarIsScipyBinomtestOnTheDiscordantPairs() {
        double[] a = {1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1};
        double[] b = {0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1, 1, 0, 0, 1, 0};
        assertEquals(0.0703125, PairedTests.mcNemarExact(a, b), 1e-12);
        assertEquals(1.0, PairedTests.mcNemarExact(a, a));
    }
}
