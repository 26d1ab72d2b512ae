package org.isstudio.model;

import java.util.List;
import java.util.Objects;

/**
 * A few-shot template: authors write it once and fill a table of fields ({@code {question}} in a pattern is
 * replaced by the row's {@code question} cell). Rendering a row gives a contest example whose prompt is
 * {@code instruction + shot_1 + separator + ... + shot_k + separator + prompt}, where each shot is another
 * row rendered with its correct answer appended (the contest requires demonstrations of correct behaviour).
 *
 * @param instruction    optional prefix placed before the first shot ({@code ""} for none)
 * @param promptPattern  the prompt, e.g. {@code "Q: {question}\nA:"}
 * @param classPatterns  classification/logodds: one pattern per class, e.g. {@code [" {yes}", " {no}"]}; or a
 *                       single pattern naming a field that holds a Python list literal ({@code "{classes}"})
 * @param answerPattern  classification/logodds: the pattern of the answer index (usually {@code "{answer_index}"});
 *                       sequence_prob: the completion pattern
 * @param otherPromptPattern logodds only: the pattern of {@code other_prompt} ({@code ""} otherwise)
 * @param shots          k, the number of demonstrations (0 = zero-shot)
 * @param selection      how the shots are chosen
 * @param fixedShotIds   the row ids used by {@link ShotSelection#FIXED}
 * @param seed           the seed of RANDOM and BALANCED selection, recorded so rendering is reproducible
 * @param separator      what joins shots and the final prompt; the contest's own few-shot sets use three newlines
 *
 * <p>This class is immutable.
 */
public record PromptTemplate(String instruction, String promptPattern, List<String> classPatterns, String answerPattern,
                             String otherPromptPattern, int shots, ShotSelection selection, List<String> fixedShotIds,
                             long seed, String separator) {

    public static final String CONTEST_SEPARATOR = "\n\n\n";

    public PromptTemplate {
        Objects.requireNonNull(instruction, "instruction");
        Objects.requireNonNull(promptPattern, "promptPattern");
        classPatterns = List.copyOf(classPatterns);
        Objects.requireNonNull(answerPattern, "answerPattern");
        Objects.requireNonNull(otherPromptPattern, "otherPromptPattern");
        Objects.requireNonNull(selection, "selection");
        fixedShotIds = List.copyOf(fixedShotIds);
        Objects.requireNonNull(separator, "separator");
        if (shots < 0) throw new IllegalArgumentException("shots must be >= 0, was " + shots);
    }

    /** The same template with another number of shots: the zero-/k-shot switch is one setting. */
    public PromptTemplate withShots(int k) {
        return new PromptTemplate(instruction, promptPattern, classPatterns, answerPattern, otherPromptPattern, k,
                selection, fixedShotIds, seed, separator);
    }
}
