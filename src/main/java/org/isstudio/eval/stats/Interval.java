package org.isstudio.eval.stats;

/** A confidence interval {@code [low, high]}. */
public record Interval(double low, double high) {

    public static final Interval UNDEFINED = new Interval(Double.NaN, Double.NaN);

    public boolean excludesZero() {
        return low > 0 || high < 0;
    }
}
