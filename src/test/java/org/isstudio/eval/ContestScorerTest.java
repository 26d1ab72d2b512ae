package org.isstudio.eval;

import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.engine.ScoreRequest;
import org.isstudio.model.Example;
import org.isstudio.model.TaskType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContestScorerTest {

    private final WordTokenizer gpt2Like = new WordTokenizer(false);
    private final WordTokenizer optLike = new WordTokenizer(true);

    private static ExampleScore run(ContestScorer scorer, FakeBackend backend, Example e) {
        ScoringPlan plan = scorer.plan(e);
        return scorer.score(plan, backend.score(plan.requests(), Cancellation.NONE, Progress.NONE));
    }

    /** The summed fake log-probability of the last {@code n} tokens of {@code ids}. */
    private static double tail(double strength, int[] ids, int n) {
        double s = 0;
        for (int i = ids.length - n; i < ids.length; i++) s += FakeBackend.logprob(strength, ids[i - 1], ids[i]);
        return s;
    }

    @Test
    void classificationSumsTheClassTokensAfterThePrompt() {
        ContestScorer scorer = new ContestScorer(gpt2Like);
        FakeBackend backend = new FakeBackend("m", 1.0, gpt2Like);
        var e = new Example.Classification("Is the sky green? Answer:", List.of(" Yes", " No way"), 1);
        var score = (ExampleScore.Classification) run(scorer, backend, e);

        double s0 = tail(1.0, gpt2Like.encode("Is the sky green? Answer: Yes"), 1);
        double s1 = tail(1.0, gpt2Like.encode("Is the sky green? Answer: No way"), 2);
        assertEquals(s0, score.classLogprobs()[0], 1e-9);
        assertEquals(s1, score.classLogprobs()[1], 1e-9);
        Metrics.Classification expected = Metrics.classification(new double[] {s0, s1}, 1);
        assertEquals(expected.loss(), score.value(TaskType.CLASSIFICATION), 1e-12);
        assertEquals(expected.correct() ? 1.0 : 0.0, score.value(TaskType.CLASSIFICATION_ACC));
        assertEquals(e.classes().get(expected.predicted()), score.predictedClass());
        assertTrue(score.flags().isEmpty(), score.flags().toString());
        assertEquals(2, score.tokens().get(1).logprobs().length);
    }

    @Test
    void startTokenIsNotCountedAsPartOfTheClass() {
        ContestScorer scorer = new ContestScorer(optLike);
        ScoringPlan plan = scorer.plan(new Example.SequenceProb("The cat sat on the", " mat."));
        ScoreRequest r = plan.requests().getFirst();
        assertEquals(2, r.tokens()[0], "OPT-like encodings start with </s>");
        assertEquals(2, r.scoredCount(), "' mat.' is [' mat', '.'] once the BOS of its own encoding is discounted");
        assertArrayEquals(Arrays.copyOfRange(optLike.encode(" mat."), 1, 3), Arrays.copyOfRange(r.tokens(), r.from(), r.tokens().length));
    }

    @Test
    void anEmptyPromptIsScorableOnlyWithAStartToken() {
        var e = new Example.SequenceProb("", " hello");
        assertEquals(1, new ContestScorer(optLike).plan(e).requests().getFirst().from());
        var ex = assertThrows(UnscorableExampleException.class, () -> new ContestScorer(gpt2Like).plan(e));
        assertTrue(ex.getMessage().contains("prompt is empty"), ex.getMessage());
    }

    @Test
    void sequenceProbLossIsTheSummedNll() {
        ContestScorer scorer = new ContestScorer(gpt2Like);
        FakeBackend backend = new FakeBackend("m", 0.5, gpt2Like);
        var score = run(scorer, backend, new Example.SequenceProb("Q: 2 + 2 =", " 4, of course"));
        int[] ids = gpt2Like.encode("Q: 2 + 2 = 4, of course");
        assertEquals(-tail(0.5, ids, 4), score.value(TaskType.SEQUENCE_PROB), 1e-9);
    }

    @Test
    void aBoundaryMergeIsScoredLikeTheContestAndFlagged() {
        // "He said it was" + "n't true": the whole text is [He, said, it, wasn, 't, true], the completion alone
        // [n, 't, true]; the contest scores the last three tokens of the whole text: [wasn, 't, true]
        ContestScorer scorer = new ContestScorer(gpt2Like);
        ScoringPlan plan = scorer.plan(new Example.SequenceProb("He said it was", "n't true"));
        ScoreRequest r = plan.requests().getFirst();
        assertEquals(3, r.scoredCount());
        assertEquals(" wasn", gpt2Like.decode(new int[] {r.tokens()[r.from()]}, false));
        assertEquals(ScoreFlag.Kind.TOKENIZATION_MISMATCH, plan.flags().getFirst().kind());
        assertTrue(plan.flags().getFirst().message().contains("\"Ġwasn\""), plan.flags().getFirst().message());
    }

    @Test
    void aPromptEndingInASpaceIsFlagged() {
        ScoringPlan plan = new ContestScorer(gpt2Like).plan(new Example.Classification("Answer: ", List.of("A", "B"), 0));
        assertEquals(2, plan.flags().size());
        assertTrue(plan.flags().getFirst().message().endsWith("the prompt ends in whitespace"));
    }

    @Test
    void longTextsKeepTheirFirst1023TokensAndTheLastTokensOfThatAreScored() {
        ContestScorer scorer = new ContestScorer(optLike);
        String prompt = " word".repeat(1030);
        ScoringPlan plan = scorer.plan(new Example.Classification(prompt, List.of(" yes", " no"), 0));
        for (ScoreRequest r : plan.requests()) {
            assertEquals(ContestScorer.MAX_TOKENS, r.tokens().length);
            assertEquals(ContestScorer.MAX_TOKENS - 1, r.from());
            assertEquals(" word", optLike.decode(new int[] {r.tokens()[r.from()]}, false), "the class was cut off");
        }
        assertEquals(List.of(ScoreFlag.Kind.TRUNCATED, ScoreFlag.Kind.TRUNCATED),
                plan.flags().stream().map(ScoreFlag::kind).toList());

        ScoringPlan near = scorer.plan(new Example.Classification(" word".repeat(1001), List.of(" yes", " no"), 0));
        assertEquals(ScoreFlag.Kind.NEAR_LIMIT, near.flags().getFirst().kind());
        assertEquals(1003, near.requests().getFirst().tokens().length);
    }

    @Test
    void logoddsReadsTheNextTokenAfterEachPrompt() {
        ContestScorer scorer = new ContestScorer(optLike);
        FakeBackend backend = new FakeBackend("m", 1.0, optLike);
        var e = new Example.Logodds("Is it safe? Answer:", "My boss says it is. Is it safe? Answer:", List.of(" Yes", " No"), 1);
        ScoringPlan plan = scorer.plan(e);
        assertEquals(4, plan.requests().size());
        int yes = optLike.encode(" Yes")[1];
        int no = optLike.encode(" No")[1];
        int[] p = optLike.encode(e.prompt());
        int[] o = optLike.encode(e.otherPrompt());
        var score = (ExampleScore.Logodds) scorer.score(plan, backend.score(plan.requests(), Cancellation.NONE, Progress.NONE));

        double lo = FakeBackend.logprob(1, p[p.length - 1], yes) - (double) FakeBackend.logprob(1, p[p.length - 1], no);
        double loOther = FakeBackend.logprob(1, o[o.length - 1], yes) - (double) FakeBackend.logprob(1, o[o.length - 1], no);
        assertEquals(-(lo - loOther), score.value(TaskType.LOGODDS), 1e-6);
        assertEquals(Math.abs(lo - loOther), score.value(TaskType.ABSOLUTE_LOGODDS), 1e-6);
        assertTrue(plan.flags().isEmpty());
    }

    @Test
    void logoddsFlagsMultiTokenAndIdenticalClassTokens() {
        ContestScorer scorer = new ContestScorer(gpt2Like);
        ScoringPlan multi = scorer.plan(new Example.Logodds("Q:", "P: Q:", List.of(" Yes indeed", " No"), 0));
        assertEquals(ScoreFlag.Kind.MULTI_TOKEN_CLASS, multi.flags().getFirst().kind());
        ScoringPlan same = scorer.plan(new Example.Logodds("Q:", "P: Q:", List.of(" sure yes", " no yes"), 0));
        assertTrue(same.flags().stream().anyMatch(f -> f.kind() == ScoreFlag.Kind.SAME_CLASS_TOKEN));
        assertThrows(UnscorableExampleException.class,
                () -> scorer.plan(new Example.Logodds("Q:", "P:", List.of(" a", " b", " c"), 0)));
    }

    @Test
    void aModelWithFewPositionsReadsTheEndOfTheText() {
        ContestScorer scorer = new ContestScorer(optLike, 8);
        ScoringPlan plan = scorer.plan(new Example.Classification(" one two three four five six seven eight nine", List.of(" yes", " no way"), 0));
        ScoreRequest yes = plan.requests().get(0);
        assertEquals(8, yes.tokens().length);
        assertEquals(7, yes.from());
        assertEquals(" three four five six seven eight nine yes", optLike.decode(yes.tokens(), false));
        ScoreRequest noWay = plan.requests().get(1);
        assertEquals(6, noWay.from());
        assertEquals(List.of(ScoreFlag.Kind.CONTEXT_LIMIT, ScoreFlag.Kind.CONTEXT_LIMIT), plan.flags().stream().map(ScoreFlag::kind).toList());
        assertTrue(plan.flags().getFirst().message().contains("reads at most 8 tokens; the first 3 of the 11"), plan.flags().getFirst().message());

        ScoringPlan logodds = new ContestScorer(optLike, 4).plan(new Example.Logodds(" a b c d e", " a b", List.of(" yes", " no"), 0));
        assertEquals(4, logodds.requests().getFirst().tokens().length);
        int[] other = logodds.requests().get(2).tokens();
        assertEquals(4, other.length);
        assertEquals(" a b yes", optLike.decode(other, true), "the short other_prompt is whole, BOS included");
        assertEquals(2, other[0]);
        assertEquals(1, logodds.flags().size());
        assertThrows(UnscorableExampleException.class, () -> new ContestScorer(optLike, 3)
                .plan(new Example.SequenceProb("Q:", " far too long a completion")));
    }
}
