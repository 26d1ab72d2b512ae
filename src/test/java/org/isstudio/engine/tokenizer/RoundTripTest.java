package org.isstudio.engine.tokenizer;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;

import static org.isstudio.engine.tokenizer.GoldenTokenizerTest.tokenizer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Byte-level BPE loses nothing: every text decodes back to itself, whatever its whitespace, control
 * characters, emoji sequences or scripts. Llama 2's SentencePiece style does too, through byte fallback.
 */
class RoundTripTest {

    static final List<String> EDGE_TEXTS = List.of(
            "Hello world", " leading", "trailing ", "  both  ", "a\r\nb\r\n\r\nc", "\r\n", "\n\n\n", "\t\tx\t",
            " \n \n", "x \u00A0 y", "zero\u200Bwidth", "\uFEFFbom", "ideographic\u3000space",
            "👨‍👩‍👧‍👦 family", "🇫🇷🇯🇵 flags", "👍🏽 skin", "🦙", "\u0000\u0001\u001F\u007F", "e\u0301 vs \u00E9",
            "中文字符 and 한국어", "Ελληνικά Русский עברית العربية", "𠀀𠀁 CJK ext B", "don't DON'T I'M we'll",
            "12345678901234567890", "3.14159, 1,000,000", "…—“quotes”‘’", "<|endoftext|> in text",
            "def f(x):\n    return x ** 2\n", "{\"k\": [1, 2, {\"v\": null}]}", "a".repeat(300),
            "   ", " ", "\u2581 literal metaspace", "ＡＢＣ１２３ fullwidth", "\u0085next line");

    @TestFactory
    List<DynamicTest> decodingTheIdsGivesTheTextBack() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String flavour : List.of("gpt2", "gpt2-bos", "opt", "llama3", "llama2")) {
            tests.add(DynamicTest.dynamicTest(flavour, () -> {
                HfTokenizer t = tokenizer(flavour);
                for (String text : EDGE_TEXTS) {
                    // Llama 2 reads a literal '▁' as a space; byte-level BPE is exact
                    String expected = flavour.equals("llama2") ? text.replace('\u2581', ' ') : text;
                    assertEquals(expected, t.decode(t.encode(text, false), false), () -> flavour + " " + text);
                }
            }));
        }
        return tests;
    }

    @Test
    void hugeRunsTokenizeOnASmallStack() throws Exception {
        // long runs stress the regular expressions (backtracking) and, for Llama 2 which has no
        // pre-tokenizer, make the whole text one BPE word; a 256 KiB stack is below any JVM default
        String text = "a".repeat(100_000) + " ".repeat(50_000) + "\n".repeat(20_000) + "🦙".repeat(20_000)
                + "1".repeat(30_000) + "!?".repeat(20_000) + " x\r\n".repeat(10_000);
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                for (String flavour : List.of("gpt2", "llama3", "llama2")) {
                    HfTokenizer tok = tokenizer(flavour);
                    assertEquals(text, tok.decode(tok.encode(text, false), false), flavour);
                }
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        if (failure[0] != null) throw new AssertionError(failure[0]);
    }

    @Test
    void oneTokenizerServesManyThreadsAlike() throws Exception {
        HfTokenizer t = tokenizer("llama3");
        RandomTexts random = new RandomTexts(11);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 400; i++) texts.add(random.next(30));
        List<int[]> sequential = texts.stream().map(t::encode).toList();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<int[]>> parallel = new ArrayList<>();
            // a fresh tokenizer, so the threads fill its word cache concurrently
            HfTokenizer fresh = Tokenizers.load(org.isstudio.testing.Golden.tokenizerDir("llama3"));
            for (String text : texts) parallel.add(pool.submit(() -> fresh.encode(text)));
            for (int i = 0; i < texts.size(); i++) assertArrayEquals(sequential.get(i), parallel.get(i).get());
        }
    }

    @Test
    void nfcFlavourDecodesToTheComposedText() {
        HfTokenizer t = tokenizer("gpt2-nfc");
        assertEquals("caf\u00E9", t.decode(t.encode("cafe\u0301"), true));
        assertArrayEquals(t.encode("caf\u00E9"), t.encode("cafe\u0301"));
    }

    @Test
    void specialTokensAreMatchedInTextAndDroppedOnlyWhenAsked() {
        HfTokenizer t = tokenizer("gpt2");
        int[] ids = t.encode("a<|endoftext|>b");
        assertArrayEquals(new int[] {64, 50256, 65}, ids);
        assertEquals("ab", t.decode(ids, true));
        assertEquals("a<|endoftext|>b", t.decode(ids, false));
        // OPT's vocabulary has <|endoftext|> (50260) but not as an added token: plain text there
        assertArrayEquals(new int[] {31, 95, 441, 1663, 5243, 95, 33}, tokenizer("opt").encode("<|endoftext|>", false));
    }

    @Test
    void tokenLookupsAndVocabularySizes() {
        assertEquals(50257, tokenizer("gpt2").vocabSize());
        assertEquals(50261, tokenizer("opt").vocabSize());
        assertEquals(32000, tokenizer("llama2").vocabSize());
        assertEquals(128256, tokenizer("llama3").vocabSize());
        assertEquals("<0x0A>", tokenizer("llama2").token(13));
        assertEquals(29871, tokenizer("llama2").id("▁"));
        assertEquals(-1, tokenizer("llama2").id("no such token"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> tokenizer("gpt2").token(50300));
        assertEquals("no token has id 50300 (vocabulary size 50257)", e.getMessage());
        // ids without a token (padded logit rows) are skipped by decode, as in the library
        assertEquals("Hello", tokenizer("gpt2").decode(new int[] {15496, 50300}, true));
    }
}
