package org.isstudio.ui.stats;

import org.isstudio.eval.stats.ScalingAnalysis;
import org.isstudio.model.PartKind;
import org.isstudio.ui.project.PartKey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The rubric's coverage and generality from the trend of each (part, model family): one line per part or control
 * set with its verdict, and, when several families were scored, one line per family saying in how many of the
 * task's parts it scales inversely (scaling is a property of one family; an effect on one family only is narrow).
 */
final class RubricLines {

    /** @param verdict null when the pair has fewer than two model sizes scored */
    record Entry(PartKey part, String family, ScalingAnalysis.Verdict verdict) {
    }

    private RubricLines() {
    }

    static List<String> of(List<Entry> entries) {
        List<String> out = new ArrayList<>();
        Map<PartKey, List<Entry>> byPart = entries.stream()
                .collect(Collectors.groupingBy(Entry::part, LinkedHashMap::new, Collectors.toList()));
        List<String> families = entries.stream().map(Entry::family).distinct().toList();
        for (Map.Entry<PartKey, List<Entry>> p : byPart.entrySet()) {
            String verdicts = families.size() == 1 ? text(p.getValue().getFirst().verdict())
                    : p.getValue().stream().map(e -> e.family() + " " + text(e.verdict())).collect(Collectors.joining(", "));
            out.add("Coverage · " + p.getKey().label() + (p.getKey().kind() == PartKind.CONTROL ? " (control)" : "")
                    + ": " + verdicts);
        }
        if (families.size() > 1) {
            for (String family : families) {
                List<Entry> mine = entries.stream()
                        .filter(e -> e.family().equals(family) && e.part().kind() != PartKind.CONTROL).toList();
                long inverse = mine.stream().filter(e -> e.verdict() == ScalingAnalysis.Verdict.INVERSE).count();
                out.add("Generality · " + family + ": inverse scaling in " + inverse + " of " + mine.size()
                        + (mine.size() == 1 ? " part" : " parts"));
            }
        }
        return out;
    }

    static String text(ScalingAnalysis.Verdict v) {
        if (v == null) return "needs two model sizes";
        return switch (v) {
            case INVERSE -> "inverse scaling";
            case STANDARD -> "standard scaling";
            case UNCLEAR -> "no clear trend";
        };
    }
}
