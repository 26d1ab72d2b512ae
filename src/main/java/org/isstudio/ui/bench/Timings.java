package org.isstudio.ui.bench;

import org.isstudio.eval.stats.Descriptive;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Summaries of measured durations in milliseconds, rounded for reading, as the JSON output carries them. */
final class Timings {

    private Timings() {
    }

    static double[] array(List<Double> ms) {
        return ms.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double median(List<Double> ms) {
        return Descriptive.percentile(array(ms), 50);
    }

    static double percentile(List<Double> ms, double q) {
        return Descriptive.percentile(array(ms), q);
    }

    static double max(List<Double> ms) {
        return ms.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** median, p95 and max under {@code prefix}. */
    static void put(Map<String, Object> out, String prefix, List<Double> ms) {
        out.put(prefix + "_median_ms", round(median(ms)));
        out.put(prefix + "_p95_ms", round(percentile(ms, 95)));
        out.put(prefix + "_max_ms", round(max(ms)));
    }

    static double round(double x) {
        return Math.round(x * 10) / 10.0;
    }

    static double ratio(double x, double baseline) {
        return Math.round(x / baseline * 1000) / 1000.0;
    }

    static Map<String, Object> map() {
        return new LinkedHashMap<>();
    }
}
