package org.isstudio.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The prize spec's §3.7 test vectors, hand-computed from the official formulas. */
class MetricsTest {

    private static final double EPS = 1e-6;

    @Test
    void binaryClassificationVector() {
        Metrics.Classification c = Metrics.classification(new double[] {-1.2, -2.3}, 1);
        assertEquals(-0.912665, c.totalLogprob(), EPS);
        assertEquals(0.401453, c.coverage(), EPS);
        assertEquals(1.387335, c.loss(), EPS);
        assertFalse(c.correct());
        assertEquals(0, c.predicted());
        assertEquals(0.287335, Metrics.invertLoss(c.loss()), EPS);
    }

    @Test
    void threeClassVector() {
        Metrics.Classification c = Metrics.classification(new double[] {-0.5, -3.0, -4.25}, 2);
        assertEquals(-0.399609, c.totalLogprob(), EPS);
        assertEquals(3.850391, c.loss(), EPS);
        assertEquals(0, c.predicted());
    }

    @Test
    void logoddsVectors() {
        double[] prompt = {-0.7, -1.9};
        double[] other = {-0.2, -2.8};
        Metrics.Logodds a0 = Metrics.logodds(prompt, other, 0, false);
        assertEquals(1.2, a0.logodds(), 1e-12);
        assertEquals(2.6, a0.otherLogodds(), 1e-12);
        assertEquals(-1.4, a0.difference(), 1e-12);
        assertTrue(a0.correct());
        assertEquals(1.4, Metrics.logodds(prompt, other, 0, true).difference(), 1e-12);
        Metrics.Logodds a1 = Metrics.logodds(prompt, other, 1, false);
        assertEquals(1.4, a1.difference(), 1e-12);
        assertFalse(a1.correct());
        // logsumexp(logsumexp(-0.7, -1.9), logsumexp(-0.2, -2.8)), computed with numpy
        assertEquals(0.4224498727, a0.totalLogprob(), 1e-9);
    }

    @Test
    void baselinesForTwoAndThreeClasses() {
        assertEquals(0.895880, (Metrics.uniformLoss(2) + Metrics.uniformLoss(3)) / 2, EPS);
        assertEquals(0.416667, (Metrics.uniformAccuracy(2) + Metrics.uniformAccuracy(3)) / 2, EPS);
    }

    @Test
    void tiesGoToTheFirstClass() {
        Metrics.Classification c = Metrics.classification(new double[] {-1, -1}, 1);
        assertEquals(0, c.predicted());
        assertFalse(c.correct());
        assertEquals(Math.log(2), c.loss(), 1e-12);
        assertFalse(Metrics.logodds(new double[] {-1, -1}, new double[] {-2, -2}, 1, false).correct());
    }

    @Test
    void accNormDividesByCharactersNotTokens() {
        // " cat" (4 chars) at -4 beats " elephant" (9 chars) at -8 raw, but not per character: -1.0 vs -0.889
        double[] s = {-4, -8};
        assertEquals(0, Metrics.argmax(s));
        assertEquals(1, Metrics.accNormPrediction(s, List.of(" cat", " elephant")));
        // code points, as Python's len: "😀" is one character, two UTF-16 units
        assertEquals(1, Metrics.accNormPrediction(new double[] {-2.2, -2.0}, List.of(" a", " 😀")));
    }

    @Test
    void rejectsAnswersOutsideTheClasses() {
        assertThrows(IllegalArgumentException.class, () -> Metrics.classification(new double[] {-1, -2}, 2));
        assertThrows(IllegalArgumentException.class, () -> Metrics.logodds(new double[] {-1, -2}, new double[] {-1, -2}, 2, false));
    }
}
