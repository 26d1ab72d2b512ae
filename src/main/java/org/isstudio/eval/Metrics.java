package org.isstudio.eval;

/**
 * The contest's per-example metrics as pure functions of log-probabilities (prize spec §3, the semantics of
 * {@code eval_pipeline/models.py} at commit 8d4e4bf), plus lm-evaluation-harness's {@code acc_norm}. Everything is in
 * natural logs. Ties go to the lowest index, as {@code np.argmax} and {@code torch.argmax} resolve them.
 */
public final class Metrics {

    private Metrics() {
    }

    /**
     * {@code HFModel._evaluate_classification}: the loss is the cross-entropy after renormalising the summed class
     * log-probabilities over the classes, {@code total_logprob} their logsumexp.
     *
     * @param classLogprobs s_j, the summed log-probability of each class sequence after the prompt
     */
    public static Classification classification(double[] classLogprobs, int answerIndex) {
        if (classLogprobs.length == 0) throw new IllegalArgumentException("no classes");
        if (answerIndex < 0 || answerIndex >= classLogprobs.length) {
            throw new IllegalArgumentException("answer_index " + answerIndex + " is outside the " + classLogprobs.length
                    + " classes");
        }
        double total = logSumExp(classLogprobs);
        double loss = -(classLogprobs[answerIndex] - total);
        int predicted = argmax(classLogprobs);
        return new Classification(loss, predicted == answerIndex, predicted, total);
    }

    /** @param predicted index of the class with the highest summed log-probability (first on ties) */
    public record Classification(double loss, boolean correct, int predicted, double totalLogprob) {
        /** The contest's coverage: the probability the model gives to any of the class sequences. */
        public double coverage() {
            return Math.exp(totalLogprob);
        }
    }

    /**
     * lm-evaluation-harness's {@code acc_norm}: the argmax of each class's log-likelihood divided by its length in
     * characters (Python {@code len}, i.e. code points) of the class string as scored, leading space included.
     */
    public static int accNormPrediction(double[] classLogprobs, java.util.List<String> classes) {
        double[] normalised = new double[classLogprobs.length];
        for (int j = 0; j < normalised.length; j++) {
            String c = classes.get(j);
            normalised[j] = classLogprobs[j] / c.codePointCount(0, c.length());
        }
        return argmax(normalised);
    }

    /**
     * {@code HFModel._evaluate_logodds}: the next-token log-odds {@code log p(c0) - log p(c1)} under {@code prompt}
     * minus the same under {@code other_prompt}, negated when the answer is class 1, made absolute for
     * {@code absolute_logodds}; {@code correct} is judged under {@code other_prompt}; {@code total_logprob} is the
     * logsumexp of the mass both classes get under each prompt.
     *
     * @param promptLogprobs the full-vocabulary log-probabilities of the two class tokens after {@code prompt}
     * @param otherLogprobs  the same after {@code other_prompt}
     */
    public static Logodds logodds(double[] promptLogprobs, double[] otherLogprobs, int answerIndex, boolean absolute) {
        if (promptLogprobs.length != 2 || otherLogprobs.length != 2) {
            throw new IllegalArgumentException("logodds needs exactly 2 classes, got " + promptLogprobs.length);
        }
        if (answerIndex != 0 && answerIndex != 1) {
            throw new IllegalArgumentException("logodds answer_index must be 0 or 1, was " + answerIndex);
        }
        double lo = promptLogprobs[0] - promptLogprobs[1];
        double loOther = otherLogprobs[0] - otherLogprobs[1];
        double difference = lo - loOther;
        if (answerIndex == 1) difference = -difference;
        if (absolute) difference = Math.abs(difference);
        boolean correct = argmax(otherLogprobs) == answerIndex;
        double total = logSumExp(new double[] {logSumExp(promptLogprobs), logSumExp(otherLogprobs)});
        return new Logodds(lo, loOther, difference, correct, total);
    }

    /** @param difference the contest's {@code logodds_difference} (already signed by answer and made absolute if asked) */
    public record Logodds(double logodds, double otherLogodds, double difference, boolean correct, double totalLogprob) {
    }

    /**
     * {@code plot_loss.py --invert}: the loss of "not the answer", {@code -ln(1 - exp(-loss))}; meaningful for two
     * classes, where it is the loss of the other class.
     */
    public static double invertLoss(double loss) {
        return -Math.log(-Math.expm1(-loss));
    }

    /** The plot's baseline for loss: the loss of a uniform distribution over the row's classes. */
    public static double uniformLoss(int classCount) {
        return Math.log(classCount);
    }

    /** The plot's baseline for accuracy: the chance of guessing the row's answer. */
    public static double uniformAccuracy(int classCount) {
        return 1.0 / classCount;
    }

    /** Numerically stable {@code log(sum(exp(x)))}; {@code -Infinity} when every term is. */
    public static double logSumExp(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) max = Math.max(max, v);
        if (max == Double.NEGATIVE_INFINITY) return max;
        double sum = 0;
        for (double v : x) sum += Math.exp(v - max);
        return max + Math.log(sum);
    }

    /** The first index of the largest value, as {@code np.argmax}; NaN counts as the largest, as in numpy. */
    public static int argmax(double[] x) {
        int best = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) return i;
            if (x[i] > x[best]) best = i;
        }
        return best;
    }
}
