package org.isstudio.model;

import java.util.List;

/**
 * A contest example as the evaluation code scores it: typed, parsed, template already rendered.
 * Built from a {@link Row} only after validation, so every field here is well formed.
 */
public sealed interface Example {

    String prompt();

    /** classification / classification_loss / classification_acc: score {@code prompt + classes[j]}. */
    record Classification(String prompt, List<String> classes, int answerIndex) implements Example {
        public Classification {
            classes = List.copyOf(classes);
        }
    }

    /** sequence_prob: the summed NLL of {@code completion} after {@code prompt}. */
    record SequenceProb(String prompt, String completion) implements Example {
    }

    /** logodds / absolute_logodds: next-token log-odds of two single-token classes under both prompts. */
    record Logodds(String prompt, String otherPrompt, List<String> classes, int answerIndex) implements Example {
        public Logodds {
            classes = List.copyOf(classes);
        }
    }
}
