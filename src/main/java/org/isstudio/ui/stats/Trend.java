package org.isstudio.ui.stats;

import org.isstudio.ui.chart.CurveSeries;

import java.util.List;
import java.util.Locale;

/**
 * A series' trend over model size: the least-squares slope of the mean against log10(parameters) (per
 * decade) and how many consecutive steps go the same way. The contest's rubric asks for "approximately
 * monotonic" inverse scaling for an accepted task and "strictly monotonic" for the grand prize.
 */
public record Trend(double slopePerDecade, int stepsUp, int stepsDown) {

    public static Trend of(CurveSeries s) {
        List<CurveSeries.Point> pts = s.points();
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (CurveSeries.Point p : pts) {
            double x = Math.log10(p.model().parameters());
            sx += x;
            sy += p.mean();
            sxx += x * x;
            sxy += x * p.mean();
        }
        int n = pts.size();
        double den = n * sxx - sx * sx;
        double slope = n < 2 || den == 0 ? Double.NaN : (n * sxy - sx * sy) / den;
        int up = 0, down = 0;
        for (int i = 1; i < n; i++) {
            if (pts.get(i).mean() > pts.get(i - 1).mean()) up++;
            else if (pts.get(i).mean() < pts.get(i - 1).mean()) down++;
        }
        return new Trend(slope, up, down);
    }

    public int steps() {
        return stepsUp + stepsDown;
    }

    /** e.g. "Main: loss rises with size, +0.084 per decade; strictly monotonic (3 of 3 steps up)". */
    public String sentence(String series, String what) {
        if (Double.isNaN(slopePerDecade)) return series + ": needs scores from at least two model sizes";
        String dir = slopePerDecade > 0 ? "rises" : slopePerDecade < 0 ? "falls" : "is flat";
        int same = slopePerDecade >= 0 ? stepsUp : stepsDown;
        String mono = same == steps() && steps() > 0 ? "strictly monotonic" : "not monotonic";
        return String.format(Locale.ROOT, "%s: %s %s with size, %+.3f per decade; %s (%d of %d steps %s)",
                series, what, dir, slopePerDecade, mono, same, steps(), slopePerDecade >= 0 ? "up" : "down");
    }
}
