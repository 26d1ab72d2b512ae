package org.isstudio.ui.chart;

import org.isstudio.ui.project.PartKey;
import org.isstudio.ui.services.ModelInfo;

import java.util.List;

/**
 * One line of the scaling chart: a part (or control set) on one model family, possibly on its first N rows.
 *
 * @param rows how many rows the series is over (the legend's "N examples"), 0 for all of them
 */
public record CurveSeries(String name, PartKey part, String family, int rows, List<Point> points) {

    /** One model's summary: mean and standard error (population SD / sqrt(n), as the contest's plot). */
    public record Point(ModelInfo model, double mean, double sem, int n) {
    }

    public CurveSeries {
        points = List.copyOf(points);
    }
}
