package org.isstudio.eval;

import org.isstudio.model.TaskType;

import java.util.List;

/**
 * One example's score under one model, with the per-token detail it came from and the flags raised while
 * tokenising it. The three classification task types share one score, as do logodds and absolute_logodds;
 * {@link #value(TaskType)} gives the number the contest plots for each.
 */
public sealed interface ExampleScore {

    /** Per scored sequence, in {@link ScoringPlan} request order. */
    List<TokenScores> tokens();

    List<ScoreFlag> flags();

    /** The contest's plotted per-example value: loss, correct (0/1), or the (absolute) logodds difference. */
    double value(TaskType type);

    /**
     * @param classLogprobs    s_j, the summed log-probability of each class after the prompt
     * @param accNormPredicted lm-evaluation-harness's {@code acc_norm} choice (character-length normalised)
     */
    record Classification(List<String> classes, int answerIndex, double[] classLogprobs,
                          Metrics.Classification metrics, int accNormPredicted, List<TokenScores> tokens,
                          List<ScoreFlag> flags) implements ExampleScore {
        public Classification {
            tokens = List.copyOf(tokens);
            flags = List.copyOf(flags);
        }

        public String predictedClass() {
            return classes.get(metrics.predicted());
        }

        public boolean accNormCorrect() {
            return accNormPredicted == answerIndex;
        }

        @Override
        public double value(TaskType type) {
            if (type == TaskType.CLASSIFICATION_ACC) return metrics.correct() ? 1 : 0;
            if (type.isClassification()) return metrics.loss();
            throw new IllegalArgumentException("a classification score has no " + type + " value");
        }
    }

    /** @param loss the summed negative log-probability of the completion */
    record SequenceProb(double loss, List<TokenScores> tokens, List<ScoreFlag> flags) implements ExampleScore {
        public SequenceProb {
            tokens = List.copyOf(tokens);
            flags = List.copyOf(flags);
        }

        @Override
        public double value(TaskType type) {
            if (type != TaskType.SEQUENCE_PROB) throw new IllegalArgumentException("a sequence_prob score has no " + type + " value");
            return loss;
        }
    }

    /** @param metrics computed with the signed difference; absolute_logodds takes its absolute value */
    record Logodds(Metrics.Logodds metrics, List<TokenScores> tokens, List<ScoreFlag> flags) implements ExampleScore {
        public Logodds {
            tokens = List.copyOf(tokens);
            flags = List.copyOf(flags);
        }

        @Override
        public double value(TaskType type) {
            return switch (type) {
                case LOGODDS -> metrics.difference();
                case ABSOLUTE_LOGODDS -> Math.abs(metrics.difference());
                default -> throw new IllegalArgumentException("a logodds score has no " + type + " value");
            };
        }
    }
}
