package org.isstudio.engine.tokenizer;

import org.isstudio.engine.tokenizer.SplitBehavior.Span;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A pre-tokenizer of {@code tokenizer.json}: cuts the normalized text into the words the model tokenizes
 * one by one, and may rewrite them (ByteLevel maps bytes to characters, Metaspace spaces to '▁').
 */
sealed interface PreTokenizer {

    /**
     * A piece of text; {@code atStart} when it begins at offset 0 of the original input, which Metaspace's
     * {@code prepend_scheme: "first"} depends on.
     */
    record Piece(String text, boolean atStart) {
    }

    List<Piece> split(Piece piece);

    /** Cuts a piece with a delimiter and a behavior; empty pieces are dropped. */
    static List<Piece> cut(Piece piece, Delimiter delimiter, SplitBehavior behavior) {
        List<Span> spans = behavior.apply(delimiter.spans(piece.text()));
        List<Piece> out = new ArrayList<>(spans.size());
        for (Span s : spans) {
            out.add(new Piece(piece.text().substring(s.start(), s.end()), piece.atStart() && s.start() == 0));
        }
        return out;
    }

    /**
     * GPT-2's byte-level step: optionally a space in front, optionally GPT-2's regex split, then every piece
     * written as its UTF-8 bytes in {@link ByteLevel}'s alphabet.
     */
    record ByteLevelSplit(boolean addPrefixSpace, boolean useRegex) implements PreTokenizer {
        private static final Delimiter GPT2 = new Delimiter.Regex(OnigurumaPattern.compile(ByteLevel.GPT2_PATTERN));

        @Override
        public List<Piece> split(Piece piece) {
            String text = piece.text();
            if (addPrefixSpace && !text.startsWith(" ")) text = " " + text;
            Piece prefixed = new Piece(text, piece.atStart());
            List<Piece> parts = useRegex ? cut(prefixed, GPT2, SplitBehavior.ISOLATED) : List.of(prefixed);
            List<Piece> out = new ArrayList<>(parts.size());
            for (Piece p : parts) out.add(new Piece(ByteLevel.encode(p.text()), p.atStart()));
            return out;
        }
    }

    /** Splits on a pattern ({@code invert} keeps the matches as the pieces and the rest as delimiters). */
    record Split(Delimiter delimiter, SplitBehavior behavior) implements PreTokenizer {
        @Override
        public List<Piece> split(Piece piece) {
            return cut(piece, delimiter, behavior);
        }
    }

    /**
     * SentencePiece's whitespace convention: spaces become {@code replacement}, which is put in front as the
     * prepend scheme says (always, only for the text at the start of the input, or never), then the text is
     * cut before each replacement character when {@code splitWords}.
     */
    record Metaspace(String replacement, PrependScheme prependScheme, boolean splitWords) implements PreTokenizer {
        @Override
        public List<Piece> split(Piece piece) {
            String text = piece.text().replace(" ", replacement);
            boolean prepend = switch (prependScheme) {
                case ALWAYS -> true;
                case FIRST -> piece.atStart();
                case NEVER -> false;
            };
            if (prepend && !text.startsWith(replacement)) text = replacement + text;
            Piece replaced = new Piece(text, piece.atStart());
            if (!splitWords) return List.of(replaced);
            return cut(replaced, new Delimiter.Literal(replacement), SplitBehavior.MERGED_WITH_NEXT);
        }
    }

    enum PrependScheme {
        ALWAYS, FIRST, NEVER
    }

    /** Splits off digits: each on its own, or runs of them. */
    record Digits(boolean individualDigits) implements PreTokenizer {
        @Override
        public List<Piece> split(Piece piece) {
            return cut(piece, new Delimiter.CodePoints(UnicodeClasses::isNumeric),
                    individualDigits ? SplitBehavior.ISOLATED : SplitBehavior.CONTIGUOUS);
        }
    }

    /** Words and runs of other non-space characters: {@code \w+|[^\w\s]+}, spaces dropped. */
    record Whitespace() implements PreTokenizer {
        private static final Delimiter WORDS =
                new Delimiter.Regex(Pattern.compile("\\w+|[^\\w\\s]+", Pattern.UNICODE_CHARACTER_CLASS)).inverted();

        @Override
        public List<Piece> split(Piece piece) {
            return cut(piece, WORDS, SplitBehavior.REMOVED);
        }
    }

    /** Splits on White_Space, dropping it. */
    record WhitespaceSplit() implements PreTokenizer {
        @Override
        public List<Piece> split(Piece piece) {
            return cut(piece, new Delimiter.CodePoints(UnicodeClasses::isWhitespace), SplitBehavior.REMOVED);
        }
    }

    /** Splits on one character, dropping it. */
    record CharDelimiterSplit(int delimiter) implements PreTokenizer {
        @Override
        public List<Piece> split(Piece piece) {
            return cut(piece, new Delimiter.CodePoints(cp -> cp == delimiter), SplitBehavior.REMOVED);
        }
    }

    /** Splits on punctuation characters with the given behavior. */
    record Punctuation(SplitBehavior behavior) implements PreTokenizer {
        @Override
        public List<Piece> split(Piece piece) {
            return cut(piece, new Delimiter.CodePoints(UnicodeClasses::isPunctuation), behavior);
        }
    }

    /** BERT's: split on whitespace (dropped), then isolate each punctuation character. */
    record Bert() implements PreTokenizer {
        @Override
        public List<Piece> split(Piece piece) {
            List<Piece> out = new ArrayList<>();
            for (Piece word : new WhitespaceSplit().split(piece)) out.addAll(new Punctuation(SplitBehavior.ISOLATED).split(word));
            return out;
        }
    }

    /** Each pre-tokenizer applied to every piece the previous one produced. */
    record Sequence(List<PreTokenizer> preTokenizers) implements PreTokenizer {
        @Override
        public List<Piece> split(Piece piece) {
            List<Piece> pieces = List.of(piece);
            for (PreTokenizer p : preTokenizers) {
                List<Piece> next = new ArrayList<>(pieces.size() * 2);
                for (Piece q : pieces) next.addAll(p.split(q));
                pieces = next;
            }
            return pieces;
        }
    }
}
