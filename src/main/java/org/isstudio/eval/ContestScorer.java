package org.isstudio.eval;

import org.isstudio.engine.ScoreRequest;
import org.isstudio.engine.tokenizer.Tokenizer;
import org.isstudio.model.Example;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns contest examples into token sequences to score, and the scores back into the contest's per-example
 * metrics, exactly as the Hugging Face path of the official pipeline does (prize spec §3.1-3.4, {@code HFModel} in
 * {@code eval_pipeline/models.py} at 8d4e4bf):
 * <ul>
 *   <li>the scored text is {@code prompt + class} with nothing in between, encoded with the tokenizer's special
 *       tokens and cut to its first {@value #MAX_TOKENS} tokens ({@code model_max_length=1023, truncation=True});</li>
 *   <li>the class's length L is that of the class encoded <em>alone</em>, minus 1 when the tokenizer prepends a
 *       start token ({@code correction_for_start_token}), and the last L tokens of the scored text are summed —
 *       whatever they are. When the text was truncated or a token merges across the boundary these are not the
 *       class's tokens; the score is still the contest's, and the example is {@linkplain ScoreFlag flagged};</li>
 *   <li>logodds reads the next-token distribution after each (truncated) prompt at the <em>last</em> token of each
 *       class encoded alone.</li>
 * </ul>
 * This class is immutable and thread-safe if the tokenizer is.
 */
public final class ContestScorer {

    /** The contest's {@code model_max_length}; special tokens count. */
    public static final int MAX_TOKENS = 1023;
    /** The spec's advice: warn above about 1000 tokens. */
    public static final int NEAR_LIMIT_TOKENS = 1000;

    private final Tokenizer tokenizer;
    private final int startTokenCorrection;
    private final int maxPositions;

    /** For a model that reads at least the contest's 1024 positions. */
    public ContestScorer(Tokenizer tokenizer) {
        this(tokenizer, Integer.MAX_VALUE);
    }

    /**
     * @param maxPositions the model's positions; a text the contest keeps that is longer loses the start of its prompt
     *                     (flagged {@link ScoreFlag.Kind#CONTEXT_LIMIT})
     */
    public ContestScorer(Tokenizer tokenizer, int maxPositions) {
        if (maxPositions < 2) throw new IllegalArgumentException("a model needs at least 2 positions, has " + maxPositions);
        this.tokenizer = tokenizer;
        this.startTokenCorrection = tokenizer.bosPolicy().startTokenCorrection();
        this.maxPositions = maxPositions;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** @throws UnscorableExampleException when the contest's code would fail on the example */
    public ScoringPlan plan(Example example) {
        List<ScoreFlag> flags = new ArrayList<>();
        List<ScoreRequest> requests = new ArrayList<>();
        switch (example) {
            case Example.Classification c -> {
                if (c.classes().isEmpty()) throw new UnscorableExampleException("the example has no classes");
                for (String cls : c.classes()) requests.add(continuation(c.prompt(), cls, "class", flags));
            }
            case Example.SequenceProb s -> requests.add(continuation(s.prompt(), s.completion(), "completion", flags));
            case Example.Logodds l -> {
                if (l.classes().size() != 2) {
                    throw new UnscorableExampleException("logodds needs exactly 2 classes, got " + l.classes().size());
                }
                int[] classTokens = logoddsClassTokens(l.classes(), flags);
                int[] prompt = nextTokenContext(l.prompt(), "prompt", flags);
                int[] other = nextTokenContext(l.otherPrompt(), "other_prompt", flags);
                String[] names = {"prompt", "other_prompt"};
                int[][] contexts = {prompt, other};
                for (int c = 0; c < 2; c++) {
                    for (int j = 0; j < 2; j++) {
                        int[] tokens = Arrays.copyOf(contexts[c], contexts[c].length + 1);
                        tokens[contexts[c].length] = classTokens[j];
                        // flag a shortened prompt once, not once per class
                        requests.add(fitted(tokens, contexts[c].length, names[c], j == 0 ? flags : new ArrayList<>()));
                    }
                }
            }
        }
        return new ScoringPlan(example, requests, flags);
    }

    /** Computes the metrics from the backend's answer to {@code plan.requests()}, element by element. */
    public ExampleScore score(ScoringPlan plan, List<float[]> logprobs) {
        if (logprobs.size() != plan.requests().size()) {
            throw new IllegalArgumentException("expected " + plan.requests().size() + " scored sequences, got "
                    + logprobs.size());
        }
        List<TokenScores> tokens = new ArrayList<>(logprobs.size());
        for (int k = 0; k < logprobs.size(); k++) {
            ScoreRequest r = plan.requests().get(k);
            tokens.add(new TokenScores(r.tokens(), r.from(), logprobs.get(k)));
        }
        return switch (plan.example()) {
            case Example.Classification c -> {
                double[] s = tokens.stream().mapToDouble(TokenScores::sum).toArray();
                yield new ExampleScore.Classification(c.classes(), c.answerIndex(), s,
                        Metrics.classification(s, c.answerIndex()), Metrics.accNormPrediction(s, c.classes()),
                        tokens, plan.flags());
            }
            case Example.SequenceProb ignored -> new ExampleScore.SequenceProb(-tokens.getFirst().sum(), tokens, plan.flags());
            case Example.Logodds l -> {
                double[] underPrompt = {tokens.get(0).sum(), tokens.get(1).sum()};
                double[] underOther = {tokens.get(2).sum(), tokens.get(3).sum()};
                yield new ExampleScore.Logodds(Metrics.logodds(underPrompt, underOther, l.answerIndex(), false),
                        tokens, plan.flags());
            }
        };
    }

    /** {@code _get_logits_and_tokens} + the slicing of {@code _evaluate_classification} / {@code _evaluate_sequence_prob}. */
    private ScoreRequest continuation(String prompt, String target, String what, List<ScoreFlag> flags) {
        if (target.isEmpty()) throw new UnscorableExampleException("the " + what + " is empty");
        int[] whole = tokenizer.encode(prompt + target);
        int[] alone = tokenizer.encode(target);
        int length = alone.length - startTokenCorrection;
        if (length <= 0) throw new UnscorableExampleException("the " + what + " '" + target + "' encodes to no tokens");
        int[] scored = truncate(whole, what + " '" + target + "'", flags);
        int from = scored.length - length;
        if (from < 1) {
            throw new UnscorableExampleException("nothing precedes the " + what + " '" + target + "' to condition it on ("
                    + (prompt.isEmpty() ? "the prompt is empty and the tokenizer adds no start token"
                    : "the " + what + " alone is " + length + " tokens, the whole text " + scored.length)
                    + "); the contest's code fails on this example");
        }
        int[] tail = Arrays.copyOfRange(scored, from, scored.length);
        int[] expected = Arrays.copyOfRange(alone, startTokenCorrection, alone.length);
        if (scored.length == whole.length && !Arrays.equals(tail, expected)) {
            flags.add(new ScoreFlag(ScoreFlag.Kind.TOKENIZATION_MISMATCH, "the " + what + " '" + target
                    + "' is " + describe(expected) + " alone but the contest scores the last " + length + " tokens of"
                    + " the prompt and " + what + " together, " + describe(tail)
                    + (endsInWhitespace(prompt) ? "; the prompt ends in whitespace" : "")));
        }
        return fitted(scored, from, what + " '" + target + "'", flags);
    }

    /**
     * Keeps the last {@code maxPositions} tokens of a request the model cannot read whole, so the scored tokens keep
     * as much of their context as fits.
     */
    private ScoreRequest fitted(int[] tokens, int from, String what, List<ScoreFlag> flags) {
        if (tokens.length <= maxPositions) return new ScoreRequest(tokens, from);
        int cut = tokens.length - maxPositions;
        if (from - cut < 1) {
            throw new UnscorableExampleException("the " + what + " alone is " + (tokens.length - from) + " tokens, and the model "
                    + "reads at most " + maxPositions);
        }
        flags.add(new ScoreFlag(ScoreFlag.Kind.CONTEXT_LIMIT, "the model reads at most " + maxPositions + " tokens; the first "
                + cut + " of the " + tokens.length + " tokens of the text with the " + what + " were left out"));
        return new ScoreRequest(Arrays.copyOfRange(tokens, cut, tokens.length), from - cut);
    }

    /** {@code _evaluate_logodds}: the encoded prompt, cut like the contest cuts it; its last token is the context. */
    private int[] nextTokenContext(String prompt, String what, List<ScoreFlag> flags) {
        int[] tokens = truncate(tokenizer.encode(prompt), what, flags);
        if (tokens.length == 0) {
            throw new UnscorableExampleException("the " + what + " is empty and the tokenizer adds no start token: "
                    + "there is no next-token distribution to read");
        }
        return tokens;
    }

    /** {@code _extract_relevant_logits}: {@code token[-1]} of each class encoded with special tokens. */
    private int[] logoddsClassTokens(List<String> classes, List<ScoreFlag> flags) {
        int[] ids = new int[2];
        for (int j = 0; j < 2; j++) {
            String cls = classes.get(j);
            int[] encoded = tokenizer.encode(cls);
            if (encoded.length - startTokenCorrection <= 0) {
                throw new UnscorableExampleException("the class '" + cls + "' encodes to no tokens");
            }
            ids[j] = encoded[encoded.length - 1];
            if (encoded.length - startTokenCorrection > 1) {
                flags.add(new ScoreFlag(ScoreFlag.Kind.MULTI_TOKEN_CLASS, "the class '" + cls + "' is "
                        + describe(Arrays.copyOfRange(encoded, startTokenCorrection, encoded.length))
                        + "; logodds uses only its last token " + describe(new int[] {ids[j]})));
            }
        }
        if (ids[0] == ids[1]) {
            flags.add(new ScoreFlag(ScoreFlag.Kind.SAME_CLASS_TOKEN, "both classes end in the token "
                    + describe(new int[] {ids[0]}) + ", so their log-odds are always 0"));
        }
        return ids;
    }

    private int[] truncate(int[] tokens, String what, List<ScoreFlag> flags) {
        if (tokens.length > MAX_TOKENS) {
            flags.add(new ScoreFlag(ScoreFlag.Kind.TRUNCATED, "the text with the " + what + " is " + tokens.length
                    + " tokens; the contest keeps only the first " + MAX_TOKENS + ", so it scores the wrong tokens"));
            return Arrays.copyOf(tokens, MAX_TOKENS);
        }
        if (tokens.length > NEAR_LIMIT_TOKENS) {
            flags.add(new ScoreFlag(ScoreFlag.Kind.NEAR_LIMIT, "the text with the " + what + " is " + tokens.length
                    + " tokens, close to the contest's limit of " + MAX_TOKENS));
        }
        return tokens;
    }

    /** Tokens as the vocabulary spells them, e.g. {@code ["Ġwas", "n"]}. */
    private String describe(int[] ids) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) b.append(", ");
            b.append('"').append(tokenizer.token(ids[i])).append('"');
        }
        return b.append(']').toString();
    }

    private static boolean endsInWhitespace(String s) {
        return !s.isEmpty() && Character.isWhitespace(s.charAt(s.length() - 1));
    }
}
