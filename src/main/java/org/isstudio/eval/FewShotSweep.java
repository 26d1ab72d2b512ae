package org.isstudio.eval;

import org.isstudio.eval.stats.ScalingAnalysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The contest's optional question: does inverse scaling persist when the prompt shows correct demonstrations, and
 * how many does it take to remove it? One {@link SeriesReport} per number of shots k, the same rows rendered with
 * k demonstrations each.
 *
 * @param inverseAtZeroShots whether the zero-shot trend is inverse (its slope's interval on the inverse side)
 * @param removedAt          the smallest k whose trend is no longer inverse, or -1 if every k tested stays inverse
 *                           (or the zero-shot trend was not inverse to begin with)
 */
public record FewShotSweep(List<Step> steps, boolean inverseAtZeroShots, int removedAt) {

    public FewShotSweep {
        steps = List.copyOf(steps);
    }

    public record Step(int shots, SeriesReport report) {
    }

    /** 0, 1, 2, 4, 8, ... up to {@code max}. */
    public static List<Integer> shots(int max) {
        List<Integer> out = new ArrayList<>(List.of(0));
        for (int k = 1; k <= max; k *= 2) out.add(k);
        return out;
    }

    public static FewShotSweep of(List<Step> steps) {
        List<Step> sorted = steps.stream().sorted(Comparator.comparingInt(Step::shots)).toList();
        boolean inverse = !sorted.isEmpty() && sorted.getFirst().shots() == 0
                && sorted.getFirst().report().trend().verdict() == ScalingAnalysis.Verdict.INVERSE;
        int removed = -1;
        if (inverse) {
            for (Step s : sorted) {
                if (s.report().trend().verdict() != ScalingAnalysis.Verdict.INVERSE) {
                    removed = s.shots();
                    break;
                }
            }
        }
        return new FewShotSweep(sorted, inverse, removed);
    }

    /** One sentence for people. */
    public String summary() {
        if (steps.isEmpty()) return "no few-shot variants were scored";
        if (!inverseAtZeroShots) return "the zero-shot trend is not clearly inverse, so there is nothing for demonstrations to remove";
        int last = steps.getLast().shots();
        return removedAt < 0 ? "inverse scaling persists with up to " + last + " correct demonstrations"
                : "inverse scaling persists below " + removedAt + " correct demonstrations and is gone (not clearly inverse) at "
                + removedAt;
    }
}
