package org.isstudio.ui.stats;

import org.isstudio.model.PartKind;
import org.isstudio.ui.project.PartKey;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.isstudio.eval.stats.ScalingAnalysis.Verdict.INVERSE;
import static org.isstudio.eval.stats.ScalingAnalysis.Verdict.STANDARD;
import static org.isstudio.eval.stats.ScalingAnalysis.Verdict.UNCLEAR;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Coverage per part and generality across families, as the Statistics tab lists them. */
class RubricLinesTest {

    private static final PartKey PART1 = new PartKey(PartKind.PART, 1);
    private static final PartKey PART2 = new PartKey(PartKind.PART, 2);
    private static final PartKey CONTROL = new PartKey(PartKind.CONTROL, 1);

    @Test
    void oneFamilyGivesOneVerdictPerPartAndNoGenerality() {
        assertEquals(List.of(
                        "Coverage · Part 1: inverse scaling",
                        "Coverage · Part 2: needs two model sizes",
                        "Coverage · Control 1 (control): standard scaling"),
                RubricLines.of(List.of(
                        new RubricLines.Entry(PART1, "pythia", INVERSE),
                        new RubricLines.Entry(PART2, "pythia", null),
                        new RubricLines.Entry(CONTROL, "pythia", STANDARD))));
    }

    @Test
    void severalFamiliesAreNamedPerPartAndCountedOverTheTaskPartsOnly() {
        assertEquals(List.of(
                        "Coverage · Part 1: pythia inverse scaling, gpt2 inverse scaling",
                        "Coverage · Part 2: pythia inverse scaling, gpt2 no clear trend",
                        "Coverage · Control 1 (control): pythia inverse scaling, gpt2 standard scaling",
                        "Generality · pythia: inverse scaling in 2 of 2 parts",
                        "Generality · gpt2: inverse scaling in 1 of 2 parts"),
                RubricLines.of(List.of(
                        new RubricLines.Entry(PART1, "pythia", INVERSE),
                        new RubricLines.Entry(PART1, "gpt2", INVERSE),
                        new RubricLines.Entry(PART2, "pythia", INVERSE),
                        new RubricLines.Entry(PART2, "gpt2", UNCLEAR),
                        new RubricLines.Entry(CONTROL, "pythia", INVERSE),
                        new RubricLines.Entry(CONTROL, "gpt2", STANDARD))));
    }

    @Test
    void nothingScoredGivesNoLines() {
        assertEquals(List.of(), RubricLines.of(List.of()));
    }
}
