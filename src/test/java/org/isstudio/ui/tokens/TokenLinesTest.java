package org.isstudio.ui.tokens;

import org.isstudio.model.PartKind;
import org.isstudio.ui.services.RowScore;
import org.isstudio.ui.services.TokenSequence;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenLinesTest {

    private static final IntFunction<String> TEXT = id -> switch (id) {
        case 1 -> "Is";
        case 2 -> " it";
        case 3 -> "?\n";
        case 4 -> " yes";
        case 5 -> " no";
        case 6 -> "pe";
        default -> "t" + id;
    };

    private static RowScore score(List<TokenSequence> sequences) {
        return new RowScore(PartKind.MAIN, 0, "r0", Map.of(), "m", 0.5, 1, -0.1, List.of(0.6, 0.4), sequences);
    }

    @Test
    void aClassificationRowShowsItsPromptOnceThenEachClassWithItsLogprobs() {
        TokenSequence yes = new TokenSequence(new int[]{1, 2, 3, 4}, 3, new float[]{-0.25f}, TEXT);
        TokenSequence no = new TokenSequence(new int[]{1, 2, 3, 5, 6}, 3, new float[]{-2f, -0.5f}, TEXT);

        List<TokenLines.Line> lines = TokenLines.of(score(List.of(yes, no)), List.of(" yes", " no"), 1);

        assertEquals(List.of("prompt", " yes  (log p -0.25)", " no  (log p -2.50)"),
                lines.stream().map(TokenLines.Line::label).toList());
        TokenLines.Line prompt = lines.get(0);
        assertTrue(prompt.prompt());
        assertEquals(List.of("Is", " it", "?↵"), prompt.chips().stream().map(TokenLines.Chip::display).toList());
        assertTrue(Double.isNaN(prompt.chips().get(0).logprob()));
        assertFalse(lines.get(1).answer());
        assertTrue(lines.get(2).answer(), "answer index 1 marks the ' no' continuation");
        assertEquals(List.of(5, 6), lines.get(2).chips().stream().map(TokenLines.Chip::id).toList());
        assertEquals(List.of(-2.0, -0.5), lines.get(2).chips().stream().map(TokenLines.Chip::logprob).toList());
    }

    @Test
    void logoddsShowsBothPromptsAndALongPromptOnlyItsEnd() {
        int[] longPrompt = new int[TokenLines.CONTEXT + 10 + 1];
        for (int i = 0; i < longPrompt.length; i++) longPrompt[i] = 100 + i;
        longPrompt[longPrompt.length - 1] = 4;
        int[] otherPrompt = {7, 8, 5};
        TokenSequence a0 = new TokenSequence(longPrompt, longPrompt.length - 1, new float[]{-1f}, TEXT);
        int[] a1ids = longPrompt.clone();
        a1ids[a1ids.length - 1] = 5;
        TokenSequence a1 = new TokenSequence(a1ids, a1ids.length - 1, new float[]{-2f}, TEXT);
        TokenSequence b0 = new TokenSequence(new int[]{7, 8, 4}, 2, new float[]{-3f}, TEXT);
        TokenSequence b1 = new TokenSequence(otherPrompt, 2, new float[]{-4f}, TEXT);

        List<TokenLines.Line> lines = TokenLines.of(score(List.of(a0, a1, b0, b1)), List.of(" yes", " no"), 0);

        assertEquals(List.of("prompt", " yes  (log p -1.00)", " no  (log p -2.00)", "other prompt", " yes  (log p -3.00)",
                " no  (log p -4.00)"), lines.stream().map(TokenLines.Line::label).toList());
        assertEquals(10, lines.get(0).elided(), "the first 10 of 50 prompt tokens are summarised");
        assertEquals(TokenLines.CONTEXT, lines.get(0).chips().size());
        assertEquals(110, lines.get(0).chips().getFirst().id());
        assertEquals(List.of(true, false, false, true, false),
                List.of(lines.get(1).answer(), lines.get(2).answer(), lines.get(3).answer(), lines.get(4).answer(),
                        lines.get(5).answer()), "class 0 is the answer under either prompt");
    }

    @Test
    void theColourScaleRunsFromSureToRuledOutOnALogScale() {
        assertEquals(120, TokenLines.hue(0), 1e-9, "a certain token is green");
        assertEquals(60, TokenLines.hue(TokenLines.FLOOR / 2), 1e-9, "half way in log-probability is yellow");
        assertEquals(0, TokenLines.hue(TokenLines.FLOOR), 1e-9);
        assertEquals(0, TokenLines.hue(-50), 1e-9, "anything below the floor is as red as the floor");
        assertThrows(IllegalArgumentException.class, () -> TokenLines.hue(Double.NaN));
    }

    @Test
    void theTooltipNamesTokenIdAndLogprob() {
        assertEquals("'?\\n'  id 3\nlog p -0.693  (p = 50.0%)",
                TokenLines.tooltip(new TokenLines.Chip("?\n", 3, Math.log(0.5))).replace(System.lineSeparator(), "\n"));
        assertEquals("'Is'  id 1\nprompt token (not scored)",
                TokenLines.tooltip(new TokenLines.Chip("Is", 1, Double.NaN)).replace(System.lineSeparator(), "\n"));
    }
}
