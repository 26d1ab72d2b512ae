package org.isstudio.eval.stats;

/**
 * The few special functions the significance tests need: log-gamma (Lanczos, g = 7), the regularised incomplete
 * beta function (Lentz's continued fraction, as in Numerical Recipes' {@code betai}/{@code betacf}), and from them
 * Student's t and the binomial distribution.
 */
final class SpecialFunctions {

    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
            771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
    private static final double TINY = 1e-300;

    private SpecialFunctions() {
    }

    static double lnGamma(double x) {
        if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
        x -= 1;
        double a = LANCZOS[0];
        double t = x + 7.5;
        for (int i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (x + i);
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }

    /** I_x(a, b). */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        // the continued fraction converges fast only on this side of the mean; use the symmetry otherwise
        if (x < (a + 1) / (a + b + 2)) return front * betaFraction(x, a, b) / a;
        return 1 - front * betaFraction(1 - x, b, a) / b;
    }

    private static double betaFraction(double x, double a, double b) {
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = 1 / nonZero(d);
        double h = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((a - 1 + m2) * (a + m2));
            d = 1 / nonZero(1 + aa * d);
            c = nonZero(1 + aa / c);
            h *= d * c;
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2));
            d = 1 / nonZero(1 + aa * d);
            c = nonZero(1 + aa / c);
            double step = d * c;
            h *= step;
            if (Math.abs(step - 1) < 1e-15) break;
        }
        return h;
    }

    private static double nonZero(double v) {
        return Math.abs(v) < TINY ? TINY : v;
    }

    /** P(|T| >= |t|) for Student's t with {@code df} degrees of freedom. */
    static double studentTwoSided(double t, double df) {
        if (Double.isNaN(t)) return Double.NaN;
        if (Double.isInfinite(t)) return 0;
        return regularizedBeta(df / (df + t * t), df / 2, 0.5);
    }

    /** P(X <= k) for X ~ Binomial(n, 1/2), summed in log space. */
    static double binomialHalfCdf(int k, int n) {
        if (k < 0) return 0;
        if (k >= n) return 1;
        double lnHalfN = n * Math.log(0.5);
        double sum = 0;
        for (int i = 0; i <= k; i++) {
            sum += Math.exp(lnGamma(n + 1.0) - lnGamma(i + 1.0) - lnGamma(n - i + 1.0) + lnHalfN);
        }
        return Math.min(1, sum);
    }
}
