package org.isstudio.engine.tokenizer;

import org.isstudio.engine.tokenizer.AddedVocabulary.Segment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Finding added tokens in text, on the tokenizers library's own test cases for AddedVocabulary. */
class AddedVocabularyTest {

    private static AddedToken token(int id, String content, boolean special) {
        return new AddedToken(id, content, false, false, false, !special, special);
    }

    private static List<String> show(List<Segment> segments) {
        return segments.stream().map(s -> s.isToken() ? s.text() + "=" + s.id() : s.text()).toList();
    }

    @Test
    void extractsNormalAndSpecialTokens() {
        AddedVocabulary v = new AddedVocabulary(List.of(token(0, "my", false), token(1, "name", false),
                token(2, "[CLS]", true), token(3, "[SEP]", true)), null);
        assertEquals(List.of("[CLS]=2", " My ", "name=1", " is Anthony ", "[SEP]=3"),
                show(v.extractAndNormalize("[CLS] My name is Anthony [SEP]", null)));
    }

    @Test
    void lstripRstripSingleWordAndNormalized() {
        Normalizer lower = new Normalizer.Lowercase();
        AddedVocabulary v = new AddedVocabulary(List.of(
                new AddedToken(0, "my", false, true, true, true, false),
                token(1, "name", false),
                new AddedToken(2, "ony", true, false, false, true, false),
                token(3, "[CLS]", true), token(4, "[SEP]", true)), lower);
        // "my" takes both spaces around it; "ony" is inside a word and is not taken
        assertEquals(List.of("[CLS]=3", " my =0", "name=1", " is anthony ", "[SEP]=4"),
                show(v.extractAndNormalize("[CLS] My name is Anthony [SEP]", lower)));
    }

    @Test
    void singleWordNeedsNonWordCharactersAroundIt() {
        Normalizer lower = new Normalizer.Lowercase();
        AddedVocabulary v = new AddedVocabulary(List.of(new AddedToken(0, "<mask>", true, false, false, true, false)), lower);
        assertEquals(List.of("<mask>=0", " my name ", "<mask>=0", " a<mask> <mask>ony ", "<mask>=0"),
                show(v.extractAndNormalize("<mask> My name <mask> A<mask> <mask>ony <mask>", lower)));
        // punctuation is not a word character, a combining mark is
        assertEquals(List.of("<mask>=0", ", ", "<mask>=0", "- \u25CC\u0330<mask>"),
                show(v.extractAndNormalize("<mask>, <mask>- \u25CC\u0330<mask>", lower)));
    }

    @Test
    void stripsUnicodeSpaceWithoutOverlapping() {
        Normalizer lower = new Normalizer.Lowercase();
        AddedVocabulary v = new AddedVocabulary(List.of(new AddedToken(0, "<mask>", true, true, true, true, false)), lower);
        assertEquals(List.of("hi", " <mask> =0", "there", "\t<mask>\t=0", "<mask>\u2000=0"),
                show(v.extractAndNormalize("Hi <mask> there\t<mask>\t<mask>\u2000", lower)));
    }

    @Test
    void longestMatchWinsAtTheLeftmostPosition() {
        AddedVocabulary v = new AddedVocabulary(List.of(token(0, "<|a|>", true), token(1, "<|a|><|b|>", true),
                token(2, "|>", true)), null);
        assertEquals(List.of("x", "<|a|><|b|>=1", "y", "<|a|>=0", "<|c", "|>=2"),
                show(v.extractAndNormalize("x<|a|><|b|>y<|a|><|c|>", null)));
    }

    @Test
    void rawTokensAreMatchedBeforeNormalizationAndNormalizedOnesAfter() {
        // a Llama-2-like normalizer: '▁' in front of each piece, spaces to '▁'
        Normalizer n = new Normalizer.Sequence(List.of(new Normalizer.Prepend("▁"),
                new Normalizer.Replace(new Delimiter.Literal(" "), "▁")));
        AddedVocabulary v = new AddedVocabulary(List.of(token(1, "<s>", true), token(7, "hello", false)), n);
        // each text piece is normalized on its own, so the piece after <s> gets its own '▁'; the normalized
        // token's pattern is "▁hello" and matches in the normalized text
        assertEquals(List.of("<s>=1", "▁hello=7", "▁x"), show(v.extractAndNormalize("<s>hello x", n)));
    }
}
