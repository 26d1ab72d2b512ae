package org.isstudio.ui.tokens;

import org.isstudio.ui.services.RowScore;
import org.isstudio.ui.services.TokenSequence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the token view shows for one row under one model: each distinct prompt once (its last tokens, as context),
 * then each scored continuation, token by token with its log-probability. Classification has one prompt and a
 * continuation per class; logodds has two prompts with the two classes each; sequence_prob one of each.
 */
public final class TokenLines {

    /** Prompt tokens shown before a continuation; a few-shot prompt's earlier tokens are summarised in one chip. */
    public static final int CONTEXT = 40;

    /**
     * @param logprob NaN for a prompt token (the contest scores only the continuation)
     */
    public record Chip(String text, int id, double logprob) {

        public boolean scored() {
            return !Double.isNaN(logprob);
        }

        /** The token as a chip shows it: line breaks and tabs made visible, since a chip cannot break a line. */
        public String display() {
            return text.replace("\r", "").replace("\n", "↵").replace("\t", "⇥");
        }
    }

    /**
     * @param label   "prompt", or the class (with the continuation's summed log-probability)
     * @param elided  prompt tokens before the first chip that are not shown
     * @param answer  the continuation of the correct class (the one the loss is taken at)
     */
    public record Line(String label, int elided, List<Chip> chips, boolean answer) {
        public Line {
            chips = List.copyOf(chips);
        }

        public boolean prompt() {
            return chips.stream().noneMatch(Chip::scored);
        }
    }

    private TokenLines() {
    }

    /**
     * @param classes the row's classes (continuation labels), empty for sequence_prob
     * @param answer  the row's answer index, or -1
     */
    public static List<Line> of(RowScore score, List<String> classes, int answer) {
        List<Line> out = new ArrayList<>();
        TokenSequence shownPrompt = null;
        List<TokenSequence> sequences = score.sequences();
        for (int k = 0; k < sequences.size(); k++) {
            TokenSequence s = sequences.get(k);
            if (shownPrompt == null || !s.samePrompt(shownPrompt)) {
                int start = Math.max(0, s.from() - CONTEXT);
                out.add(new Line(shownPrompt == null ? "prompt" : "other prompt", start, chips(s, start, s.from()), false));
                shownPrompt = s;
            }
            int cls = classes.isEmpty() ? -1 : k % classes.size();
            double sum = 0;
            for (float lp : s.logprobs()) sum += lp;
            String name = cls < 0 ? "completion" : classes.get(cls);
            out.add(new Line(String.format(Locale.ROOT, "%s  (log p %.2f)", name, sum), 0,
                    chips(s, s.from(), s.ids().length), cls >= 0 && cls == answer));
        }
        return out;
    }

    private static List<Chip> chips(TokenSequence s, int from, int to) {
        List<Chip> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) out.add(new Chip(s.text().apply(s.ids()[i]), s.ids()[i], s.logprob(i)));
        return out;
    }

    /** Log-probabilities at or below this get the scale's far end: e^-8 is a token the model all but ruled out. */
    public static final double FLOOR = -8;

    /**
     * Where a log-probability sits on the chip colour scale, 0 for a token the model was sure of to 1 for one it
     * ruled out; log scale, since the loss adds log-probabilities.
     */
    public static double badness(double logprob) {
        if (Double.isNaN(logprob)) throw new IllegalArgumentException("a prompt token has no log-probability");
        return Math.clamp(logprob / FLOOR, 0, 1);
    }

    /** The chip's background as hue (green 120 for sure, through yellow, to red 0), saturation and brightness. */
    public static double hue(double logprob) {
        return 120 * (1 - badness(logprob));
    }

    public static String tooltip(Chip c) {
        String token = "'" + c.text().replace("\n", "\\n").replace("\t", "\\t") + "'";
        return c.scored()
                ? String.format(Locale.ROOT, "%s  id %d%nlog p %.3f  (p = %.1f%%)", token, c.id(), c.logprob(),
                100 * Math.exp(c.logprob()))
                : String.format(Locale.ROOT, "%s  id %d%nprompt token (not scored)", token, c.id());
    }
}
