package org.isstudio.engine.tokenizer;

import org.isstudio.engine.tokenizer.SplitBehavior.Span;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a split looks for ({@code Pattern} in the {@code tokenizers} library): a regular expression, a literal
 * string or a character class. {@link #spans} cuts a text into alternating delimiter and non-delimiter spans
 * that cover it, the form {@link SplitBehavior} works on.
 */
sealed interface Delimiter {

    List<Span> spans(String text);

    /** {@code text} with every delimiter replaced by {@code content}. */
    default String replaceAll(String text, String content) {
        StringBuilder out = new StringBuilder(text.length());
        for (Span s : spans(text)) {
            if (s.delimiter()) out.append(content);
            else out.append(text, s.start(), s.end());
        }
        return out.toString();
    }

    /** The same delimiter with the roles swapped: what matched is now the text between delimiters. */
    default Delimiter inverted() {
        return new Inverted(this);
    }

    record Regex(Pattern pattern) implements Delimiter {
        @Override
        public List<Span> spans(String text) {
            List<Span> spans = new ArrayList<>();
            if (text.isEmpty()) {
                spans.add(new Span(0, 0, false));
                return spans;
            }
            Matcher m = pattern.matcher(text);
            int previous = 0;
            while (m.find()) {
                if (m.start() != previous) spans.add(new Span(previous, m.start(), false));
                spans.add(new Span(m.start(), m.end(), true));
                previous = m.end();
            }
            if (previous != text.length()) spans.add(new Span(previous, text.length(), false));
            return spans;
        }
    }

    record Literal(String literal) implements Delimiter {
        @Override
        public List<Span> spans(String text) {
            List<Span> spans = new ArrayList<>();
            if (literal.isEmpty()) {
                // the library's empty-string pattern matches nothing
                spans.add(new Span(0, text.length(), false));
                return spans;
            }
            int previous = 0;
            for (int at = text.indexOf(literal); at >= 0; at = text.indexOf(literal, at + literal.length())) {
                if (at != previous) spans.add(new Span(previous, at, false));
                spans.add(new Span(at, at + literal.length(), true));
                previous = at + literal.length();
            }
            if (previous != text.length() || spans.isEmpty()) spans.add(new Span(previous, text.length(), false));
            return spans;
        }
    }

    /** Every single code point for which {@code test} holds is a delimiter. */
    record CodePoints(IntPredicate test) implements Delimiter {
        @Override
        public List<Span> spans(String text) {
            List<Span> spans = new ArrayList<>();
            int previous = 0;
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                int next = i + Character.charCount(cp);
                if (test.test(cp)) {
                    if (i != previous) spans.add(new Span(previous, i, false));
                    spans.add(new Span(i, next, true));
                    previous = next;
                }
                i = next;
            }
            if (previous != text.length() || spans.isEmpty()) spans.add(new Span(previous, text.length(), false));
            return spans;
        }
    }

    record Inverted(Delimiter inner) implements Delimiter {
        @Override
        public List<Span> spans(String text) {
            return inner.spans(text).stream().map(s -> new Span(s.start(), s.end(), !s.delimiter())).toList();
        }
    }
}
