package org.isstudio.engine.tokenizer;

import java.util.List;
import java.util.Random;

/**
 * Seeded random texts that stress a tokenizer: words and contractions in any case, digit runs, whitespace
 * runs of every kind, punctuation runs, scripts with combining marks, emoji sequences, control and format
 * characters, special-token strings of every flavour, and random code points.
 */
final class RandomTexts {

    private static final List<String> WORDS = List.of("the", "The", "THE", "hello", "world", "Paris", "don't",
            "DON'T", "I'm", "we'll", "they've", "she'd", "it's", "you're", "'s", "'t", "'RE", "a", "I", "x",
            "antidisestablishmentarianism", "naïve", "café", "cafe\u0301", "Ångström", "straße", "İstanbul",
            "ΣΟΦΟΣ", "σοφός", "Москва", "שלום", "مرحبا", "नमस्ते", "ภาษาไทย", "日本語", "中文", "한국어",
            "ｆｕｌｌｗｉｄｔｈ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𠀀𠀁", "ꙋ", "µ", "ﬁ", "Ⅻ", "½", "²", "٣٤٥");
    private static final List<String> SPACES = List.of(" ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", "\r", " \n ",
            "\u00A0", "\u3000", "\u2000", "\u2028", "\u0085", "\u000B", "\u000C", " \t\n");
    private static final List<String> OTHER = List.of(".", ",", "!", "?", "...", "?!?!", "—", "–", "…", "“", "”",
            "‘", "’", "'", "\"", "(", ")", "[]", "{}", "<", ">", "<<>>", "$", "%", "#", "@", "&&", "||", "==", "->",
            "://", "_", "__init__", "/", "\\", "*", "**", "^", "~", "`", "|", ";", ":", "+", "-", "=", "▁", "▁▁");
    private static final List<String> EMOJI = List.of("🦙", "👍", "👍🏽", "👨‍👩‍👧‍👦", "🇫🇷", "🇯🇵", "❤️", "✨", "🤖", "😀😀");
    private static final List<String> SPECIAL = List.of("<|endoftext|>", "<s>", "</s>", "<unk>", "<pad>",
            "<|begin_of_text|>", "<|eot_id|>", "<|start_header_id|>", "<|reserved_special_token_7|>", "<0x0A>", "<mask>", " <mask> ", "<|im_start|>");
    private static final List<String> FORMAT = List.of("\u200B", "\u200C", "\u200D", "\uFEFF", "\u00AD", "\u0000",
            "\u0001", "\u001F", "\u007F", "\u0301", "\u0308\u0301");

    private final Random random;

    RandomTexts(long seed) {
        this.random = new Random(seed);
    }

    String next(int pieces) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            int kind = random.nextInt(100);
            if (kind < 35) s.append(pick(WORDS));
            else if (kind < 55) s.append(pick(SPACES));
            else if (kind < 68) s.append(pick(OTHER));
            else if (kind < 76) s.append(digits());
            else if (kind < 82) s.append(pick(EMOJI));
            else if (kind < 87) s.append(pick(SPECIAL));
            else if (kind < 92) s.append(pick(FORMAT));
            else s.appendCodePoint(codePoint());
        }
        return s.toString();
    }

    private String digits() {
        StringBuilder d = new StringBuilder();
        int n = 1 + random.nextInt(random.nextBoolean() ? 4 : 12);
        for (int i = 0; i < n; i++) d.append((char) ('0' + random.nextInt(10)));
        return d.toString();
    }

    /**
     * An assigned code point from the BMP or from long-standing supplementary blocks (math letters, emoji,
     * CJK extension B), never a surrogate or private use: characters whose category the Unicode versions of
     * Java and of the library's regex engine agree on (see OnigurumaPattern).
     */
    private int codePoint() {
        while (true) {
            int cp = random.nextInt(4) == 0 ? 0x10000 + random.nextInt(0x20000) : random.nextInt(0x10000);
            if (cp >= 0xD800 && cp <= 0xDFFF) continue;
            if (Character.getType(cp) == Character.UNASSIGNED || Character.getType(cp) == Character.PRIVATE_USE) continue;
            if (Character.UnicodeBlock.of(cp) == null) continue;
            if (cp > 0x10000 && !OLD_SUPPLEMENTARY.test(cp)) continue;
            return cp;
        }
    }

    private static final java.util.function.IntPredicate OLD_SUPPLEMENTARY = cp ->
            (cp >= 0x1D400 && cp <= 0x1D7FF) || (cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x20000 && cp <= 0x2A6D6)
                    || (cp >= 0x10000 && cp <= 0x100FA) || (cp >= 0x1F100 && cp <= 0x1F1FF);

    private String pick(List<String> list) {
        return list.get(random.nextInt(list.size()));
    }
}
