package org.isstudio.engine.tokenizer;

import java.util.List;
import java.util.Locale;

/**
 * A normalizer of {@code tokenizer.json}: rewrites each piece of text that is not an added token before
 * pre-tokenization. Only the text matters here (the library also tracks alignments for offsets, which
 * token ids do not depend on).
 */
sealed interface Normalizer {

    String normalize(String text);

    /** One of Unicode's normalization forms (the library's NFC, NFD, NFKC and NFKD normalizers). */
    record UnicodeForm(java.text.Normalizer.Form form) implements Normalizer {
        @Override
        public String normalize(String text) {
            return java.text.Normalizer.normalize(text, form);
        }
    }

    /**
     * The full lowercase mapping of each code point on its own, like the library's {@code char::to_lowercase}
     * per character: no context, so a final capital sigma becomes U+03C3 (not U+03C2 as Java's
     * {@link String#toLowerCase} would make it).
     */
    record Lowercase() implements Normalizer {
        @Override
        public String normalize(String text) {
            StringBuilder out = new StringBuilder(text.length());
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                int n = Character.charCount(cp);
                if (cp < 0x80) out.append((char) Character.toLowerCase(cp));
                else out.append(text.substring(i, i + n).toLowerCase(Locale.ROOT));
                i += n;
            }
            return out.toString();
        }
    }

    /** Removes White_Space characters from the left and/or right end. */
    record Strip(boolean left, boolean right) implements Normalizer {
        @Override
        public String normalize(String text) {
            int start = 0;
            int end = text.length();
            if (left) {
                while (start < end && UnicodeClasses.isWhitespace(text.codePointAt(start))) {
                    start += Character.charCount(text.codePointAt(start));
                }
            }
            if (right) {
                while (end > start && UnicodeClasses.isWhitespace(text.codePointBefore(end))) {
                    end -= Character.charCount(text.codePointBefore(end));
                }
            }
            return text.substring(start, end);
        }
    }

    /** Removes combining marks (general category M), the library's StripAccents; meant to follow NFD. */
    record StripAccents() implements Normalizer {
        @Override
        public String normalize(String text) {
            StringBuilder out = new StringBuilder(text.length());
            text.codePoints().filter(cp -> !UnicodeClasses.isMark(cp)).forEach(out::appendCodePoint);
            return out.toString();
        }
    }

    /** Puts {@code prefix} in front of any non-empty text. */
    record Prepend(String prefix) implements Normalizer {
        @Override
        public String normalize(String text) {
            return text.isEmpty() ? text : prefix + text;
        }
    }

    /** Puts {@code suffix} after any non-empty text. */
    record Append(String suffix) implements Normalizer {
        @Override
        public String normalize(String text) {
            return text.isEmpty() ? text : text + suffix;
        }
    }

    /** Replaces every match of a literal or regular-expression pattern by {@code content}. */
    record Replace(Delimiter pattern, String content) implements Normalizer {
        @Override
        public String normalize(String text) {
            return pattern.replaceAll(text, content);
        }
    }

    record Sequence(List<Normalizer> normalizers) implements Normalizer {
        @Override
        public String normalize(String text) {
            for (Normalizer n : normalizers) text = n.normalize(text);
            return text;
        }
    }

    /**
     * BERT's normalizer: drops NUL, U+FFFD and control characters and maps whitespace to spaces
     * ({@code clean_text}), puts spaces around CJK ideographs, optionally strips accents (NFD, then no
     * nonspacing marks) and lowercases. {@code stripAccents} null means "as lowercase", the library's default.
     */
    record Bert(boolean cleanText, boolean handleChineseChars, Boolean stripAccents, boolean lowercase)
            implements Normalizer {
        @Override
        public String normalize(String text) {
            StringBuilder out = new StringBuilder(text.length());
            text.codePoints().forEach(cp -> {
                if (cleanText) {
                    if (cp == 0 || cp == 0xFFFD || UnicodeClasses.isBertControl(cp)) return;
                    if (UnicodeClasses.isWhitespace(cp)) {
                        out.append(' ');
                        return;
                    }
                }
                if (handleChineseChars && UnicodeClasses.isCjkIdeograph(cp)) {
                    out.append(' ').appendCodePoint(cp).append(' ');
                } else {
                    out.appendCodePoint(cp);
                }
            });
            String s = out.toString();
            boolean strip = stripAccents == null ? lowercase : stripAccents;
            if (strip) {
                // BERT's accent stripping removes nonspacing marks only (Mn), unlike StripAccents (all of M)
                StringBuilder kept = new StringBuilder(s.length());
                new UnicodeForm(java.text.Normalizer.Form.NFD).normalize(s).codePoints().filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
                        .forEach(kept::appendCodePoint);
                s = kept.toString();
            }
            if (lowercase) s = new Lowercase().normalize(s);
            return s;
        }
    }
}
