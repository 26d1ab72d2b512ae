package org.isstudio.engine.tokenizer;

import org.isstudio.engine.tokenizer.PreTokenizer.Piece;
import org.isstudio.engine.tokenizer.PreTokenizer.PrependScheme;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipeline's parts on the examples the tokenizers library's own tests use. */
class ComponentTest {

    private static List<String> texts(List<Piece> pieces) {
        return pieces.stream().map(Piece::text).toList();
    }

    private static List<String> split(String text, Delimiter d, SplitBehavior b) {
        return texts(new PreTokenizer.Split(d, b).split(new Piece(text, true)));
    }

    @Test
    void splitBehaviorsOnALiteral() {
        Delimiter dash = new Delimiter.Literal("-");
        String text = "The-final--countdown";
        assertEquals(List.of("The", "final", "countdown"), split(text, dash, SplitBehavior.REMOVED));
        assertEquals(List.of("The", "-", "final", "-", "-", "countdown"), split(text, dash, SplitBehavior.ISOLATED));
        assertEquals(List.of("The-", "final-", "-", "countdown"), split(text, dash, SplitBehavior.MERGED_WITH_PREVIOUS));
        assertEquals(List.of("The", "-final", "-", "-countdown"), split(text, dash, SplitBehavior.MERGED_WITH_NEXT));
        assertEquals(List.of("The", "-", "final", "--", "countdown"), split(text, dash, SplitBehavior.CONTIGUOUS));
    }

    @Test
    void invertedRegexKeepsTheMatches() {
        Delimiter words = new Delimiter.Regex(OnigurumaPattern.compile("\\w+")).inverted();
        assertEquals(List.of("Hey", "friend"), split("Hey, friend!", words, SplitBehavior.REMOVED));
    }

    @Test
    void gpt2PatternSplitsContractionsWordsNumbersAndSpaceRuns() {
        PreTokenizer p = new PreTokenizer.ByteLevelSplit(false, true);
        assertEquals(List.of("Hello", "Ġworld", "'s", "Ġ123", "ĠĠ", "Ġ!!", "Ċ"),
                texts(p.split(new Piece("Hello world's 123   !!\n", true))));
        // add_prefix_space puts a space only where there is none
        assertEquals(List.of("Ġhi"), texts(new PreTokenizer.ByteLevelSplit(true, true).split(new Piece("hi", true))));
        assertEquals(List.of("Ġhi"), texts(new PreTokenizer.ByteLevelSplit(true, true).split(new Piece(" hi", true))));
    }

    @Test
    void metaspacePrependsAndSplitsBeforeEachReplacement() {
        PreTokenizer always = new PreTokenizer.Metaspace("▁", PrependScheme.ALWAYS, true);
        assertEquals(List.of("▁Hey", "▁friend!"), texts(always.split(new Piece("Hey friend!", false))));
        assertEquals(List.of("▁Hey", "▁", "▁", "▁friend!"), texts(always.split(new Piece("Hey   friend!", true))));
        PreTokenizer first = new PreTokenizer.Metaspace("▁", PrependScheme.FIRST, true);
        assertEquals(List.of("▁Hey"), texts(first.split(new Piece("Hey", true))));
        assertEquals(List.of("Hey"), texts(first.split(new Piece("Hey", false))));
        PreTokenizer unsplit = new PreTokenizer.Metaspace("▁", PrependScheme.NEVER, false);
        assertEquals(List.of("Hey▁friend"), texts(unsplit.split(new Piece("Hey friend", true))));
    }

    @Test
    void digitsIndividuallyOrInRuns() {
        assertEquals(List.of("Hey ", "1", "2", "3", " friend!"),
                texts(new PreTokenizer.Digits(true).split(new Piece("Hey 123 friend!", true))));
        assertEquals(List.of("Hey ", "123", " friend!"),
                texts(new PreTokenizer.Digits(false).split(new Piece("Hey 123 friend!", true))));
    }

    @Test
    void whitespaceAndBertPreTokenizers() {
        assertEquals(List.of("Hey", "man", "!", "Good", "?"),
                texts(new PreTokenizer.Whitespace().split(new Piece("Hey man!\tGood?", true))));
        assertEquals(List.of("Hey", "friend", "!", "How", "are", "you", "?", "!", "?"),
                texts(new PreTokenizer.Bert().split(new Piece("Hey friend!     How are you?!?", true))));
        assertEquals(List.of("a", "b\u00A0c"), texts(new PreTokenizer.CharDelimiterSplit(' ').split(new Piece("a b\u00A0c", true))));
        // U+00A0 is White_Space for Rust (and here), unlike Java's Character.isWhitespace
        assertEquals(List.of("a", "b", "c"), texts(new PreTokenizer.WhitespaceSplit().split(new Piece("a b\u00A0c", true))));
    }

    @Test
    void normalizers() {
        assertEquals("▁Hey▁you", new Normalizer.Sequence(List.of(new Normalizer.Prepend("▁"),
                new Normalizer.Replace(new Delimiter.Literal(" "), "▁"))).normalize("Hey you"));
        assertEquals("", new Normalizer.Prepend("▁").normalize(""));
        assertEquals("\u00E9", new Normalizer.UnicodeForm(java.text.Normalizer.Form.NFC).normalize("e\u0301"));
        assertEquals("e\u0301", new Normalizer.UnicodeForm(java.text.Normalizer.Form.NFD).normalize("\u00E9"));
        assertEquals("A1", new Normalizer.UnicodeForm(java.text.Normalizer.Form.NFKC).normalize("\uFF21\uFF11"));
        assertEquals("e", new Normalizer.StripAccents().normalize("e\u0301"));
        assertEquals("x y", new Normalizer.Strip(true, true).normalize("\u3000 x y\t\n"));
        // each character lowercased on its own: a final capital sigma stays the medial form
        assertEquals("οδοσ", new Normalizer.Lowercase().normalize("ΟΔΟΣ"));
        assertEquals("i\u0307", new Normalizer.Lowercase().normalize("\u0130"));
        assertEquals(" 中  国  ab", new Normalizer.Bert(true, true, null, true).normalize("中国\u0000\tAB"));
        // BERT strips nonspacing marks only; StripAccents strips spacing ones (Mc) too
        assertEquals("e\uA824", new Normalizer.Bert(false, false, true, false).normalize("\u00E9\uA824"));
        assertEquals("e", new Normalizer.StripAccents().normalize("e\uA824"));
    }

    @Test
    void byteFallbackDecoderSpellsValidRunsAndReplacesEachBadByte() {
        Decoder d = new Decoder.ByteFallback();
        assertEquals(List.of("a"), d.decodeChain(List.of("<0x61>")));
        assertEquals(List.of("\uFFFD"), d.decodeChain(List.of("<0xE5>")));
        assertEquals(List.of("\uFFFD", "\uFFFD"), d.decodeChain(List.of("<0xE5>", "<0x8f>")));
        assertEquals(List.of("叫"), d.decodeChain(List.of("<0xE5>", "<0x8f>", "<0xab>")));
        assertEquals(List.of("\uFFFD", "\uFFFD", "\uFFFD", "a"), d.decodeChain(List.of("<0xE5>", "<0x8f>", "<0xE5>", "a")));
        assertEquals(List.of("<0x6>", "x"), d.decodeChain(List.of("<0x6>", "x")));
    }

    @Test
    void stripMetaspaceAndByteLevelDecoders() {
        assertEquals(List.of("ello", "Hi", ""), new Decoder.Strip('▁', 1, 0).decodeChain(List.of("▁ello", "Hi", "▁")));
        assertEquals(List.of("hey", " friendx"), new Decoder.Strip('x', 0, 2).decodeChain(List.of("heyxx", " friendxxx")));
        assertEquals("Hey friend", new Decoder.Metaspace("▁", true).decode(List.of("▁Hey", "▁friend")));
        assertEquals(" Hey friend", new Decoder.Metaspace("▁", false).decode(List.of("▁Hey", "▁friend")));
        assertEquals("Hello world<|endoftext|>", new Decoder.ByteLevelDecoder().decode(List.of("Hello", "Ġworld", "<|endoftext|>")));
        // a lone lead byte of a 4-byte sequence is one replacement character
        assertEquals("\uFFFDx", new Decoder.ByteLevelDecoder().decode(List.of(ByteLevel.encode("🦙").substring(0, 2), "x")));
    }

    @Test
    void onigurumaEscapesBecomeJavaEquivalents() {
        Pattern han = OnigurumaPattern.compile("\\p{Han}+");
        assertTrue(han.matcher("中国").matches());
        assertTrue(OnigurumaPattern.compile("\\p{Letter}\\p{^L}").matcher("a1").matches());
        assertTrue(OnigurumaPattern.compile("[\\h]+\\h").matcher("0aF9").matches());
        assertFalse(OnigurumaPattern.compile("\\h").matcher("g").matches());
        assertTrue(OnigurumaPattern.compile("\\v").matcher("\u000B").matches());
        assertFalse(OnigurumaPattern.compile("\\v").matcher("\n").matches());
        Pattern space = OnigurumaPattern.compile("\\s");
        for (String s : List.of(" ", "\t", "\n", "\u000B", "\u0085", "\u00A0", "\u2000", "\u2028", "\u3000")) {
            assertTrue(space.matcher(s).matches(), () -> Integer.toHexString(s.charAt(0)));
        }
        for (String s : List.of("\uFEFF", "\u200B", "x", "\u001C")) assertFalse(space.matcher(s).matches(), () -> Integer.toHexString(s.charAt(0)));
        assertTrue(OnigurumaPattern.compile("(?i:'s|'t)").matcher("'S").matches());
        assertTrue(OnigurumaPattern.compile("\\p{N}{1,3}").matcher("١٢٣").matches());
    }

    @Test
    void bpeMergesLowestRankFirstAndLeftmostAmongEqualRanks() {
        java.util.Map<String, Integer> vocab = new java.util.LinkedHashMap<>();
        for (String t : List.of("a", "b", "ab", "aa", "aaa", "aab")) vocab.put(t, vocab.size());
        MergeTable merges = new MergeTable(4);
        merges.put(0, 0, 0, 3); // a a -> aa
        merges.put(0, 1, 1, 2); // a b -> ab
        merges.put(3, 0, 2, 4); // aa a -> aaa
        merges.put(3, 1, 3, 5); // aa b -> aab
        BpeModel bpe = new BpeModel(vocab, merges, -1, false, false, false, "", "");
        // "aaab": the leftmost "a a" (rank 0) first -> aa a b; then "a b" (rank 1) before "aa a" (rank 2)
        assertEquals(List.of(3, 2), ids(bpe.tokenize("aaab")));
        assertEquals(List.of(4), ids(bpe.tokenize("aaa")));
        assertEquals(List.of(3, 3), ids(bpe.tokenize("aaaa")));
        // an unknown character without an unknown token is dropped, as in the library
        assertEquals(List.of(3), ids(bpe.tokenize("aza")));
    }

    @Test
    void unknownTokensFuseOnlyWithFuseUnk() {
        java.util.Map<String, Integer> vocab = new java.util.LinkedHashMap<>();
        for (String t : List.of("<unk>", "a")) vocab.put(t, vocab.size());
        BpeModel fused = new BpeModel(vocab, new MergeTable(1), 0, true, false, false, "", "");
        BpeModel separate = new BpeModel(vocab, new MergeTable(1), 0, false, false, false, "", "");
        assertEquals(List.of(1, 0, 1), ids(fused.tokenize("axya")));
        assertEquals(List.of(1, 0, 0, 1), ids(separate.tokenize("axya")));
    }

    private static List<Integer> ids(int[] ids) {
        return java.util.Arrays.stream(ids).boxed().toList();
    }
}
