package org.isstudio.eval.report;

import org.isstudio.eval.SeriesReport;

import java.util.ArrayList;
import java.util.List;

/** Scaling plots of {@link SeriesReport}s: one line per series and per first-N curve, labelled as the contest does. */
public final class ReportPlots {

    private ReportPlots() {
    }

    /**
     * One plot of several series of the same task type; with more than one series each label is prefixed by its
     * series name ({@code "CONTROL1: 300 examples (with SEM)"}). The baseline is the first series'.
     */
    public static ScalingPlot plot(List<SeriesReport> reports) {
        if (reports.isEmpty()) throw new IllegalArgumentException("nothing to plot");
        SeriesReport first = reports.getFirst();
        List<ScalingPlot.Line> lines = new ArrayList<>();
        for (SeriesReport r : reports) {
            if (r.type() != first.type() || r.inverted() != first.inverted()) {
                throw new IllegalArgumentException("series " + r.series() + " is " + r.type() + ", " + first.series()
                        + " is " + first.type() + ": plot them separately");
            }
            lines.addAll(lines(r, reports.size() > 1 ? r.series() + ": " : ""));
        }
        return new ScalingPlot(first.type(), first.inverted(), lines, first.baseline());
    }

    /**
     * All examples first, then each first-N curve; one line per model family when there are several (scaling is a
     * property of one family: a line from GPT-2 to Pythia would mean nothing), labelled with the family.
     */
    public static List<ScalingPlot.Line> lines(SeriesReport r, String prefix) {
        PlotStyle style = PlotStyle.of(r.type(), r.inverted());
        List<String> families = r.models().stream().map(SeriesReport.ModelReport::family).distinct().toList();
        List<ScalingPlot.Line> out = new ArrayList<>();
        for (String family : families) {
            String label = prefix + (families.size() > 1 ? family + ", " : "");
            out.add(new ScalingPlot.Line(label + style.lineLabel(r.examples()),
                    r.models().stream().filter(m -> m.family().equals(family) && m.scored() > 0)
                            .map(m -> new ScalingPlot.Point(m.name(), m.parameters(), m.mean(), m.sem())).toList()));
            for (SeriesReport.SizeCurve c : r.datasetSizes()) {
                out.add(new ScalingPlot.Line(label + style.lineLabel(c.examples()),
                        c.points().stream().filter(p -> p.family().equals(family) && !Double.isNaN(p.mean()))
                                .map(p -> new ScalingPlot.Point(p.model(), p.parameters(), p.mean(), p.sem())).toList()));
            }
        }
        return out;
    }
}
