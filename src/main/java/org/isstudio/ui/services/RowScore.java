package org.isstudio.ui.services;

import org.isstudio.model.PartKind;

import java.util.List;
import java.util.Map;

/**
 * One row's score under one model.
 *
 * @param partKind     with {@code partNumber}, the part the row belongs to
 * @param rowId        the row
 * @param cells        the row's cells when it was scored: a score of a row edited since is stale
 * @param model        {@link ModelInfo#id()}
 * @param value        the contest's plotted per-example value for the part's task type: loss, correct (0/1)
 *                     for classification_acc, or the (absolute) logodds difference
 * @param correct      1 or 0, or NaN where the metric has no accuracy (sequence_prob)
 * @param totalLogprob the log of the probability mass on all classes, or NaN
 * @param classProbabilities classification: each class's probability after normalising over the classes (the
 *                     softmax whose -log at the answer is the loss); empty for other metrics
 * @param sequences    the scored sequences, in eval's request order: one per class (classification), one
 *                     (sequence_prob), or prompt+c0, prompt+c1, other_prompt+c0, other_prompt+c1 (logodds); empty
 *                     when the back end kept no token detail
 */
public record RowScore(PartKind partKind, int partNumber, String rowId, Map<String, String> cells, String model,
                       double value, double correct, double totalLogprob, List<Double> classProbabilities,
                       List<TokenSequence> sequences) {
    public RowScore {
        cells = Map.copyOf(cells);
        classProbabilities = List.copyOf(classProbabilities);
        sequences = List.copyOf(sequences);
    }
}
