package org.isstudio.engine.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The added tokens and how the library finds them in a text: first the non-normalized ones in the raw text,
 * then, in each remaining piece after normalization, the normalized ones (whose own content is normalized
 * the same way). Matching is leftmost-longest (the library's Aho-Corasick {@code LeftmostLongest}), and
 * then {@code single_word}, {@code lstrip} and {@code rstrip} apply.
 */
final class AddedVocabulary {

    /** A piece of the input: an added token's id, or text (id -1) for the normalizer and model. */
    record Segment(String text, int id, boolean atStart) {
        boolean isToken() {
            return id >= 0;
        }
    }

    private final Map<Integer, AddedToken> byId = new HashMap<>();
    private final Map<String, AddedToken> byContent = new HashMap<>();
    private final Set<Integer> specialIds = new HashSet<>();
    private final Trie rawTrie = new Trie();
    private final Trie normalizedTrie = new Trie();

    AddedVocabulary(List<AddedToken> tokens, Normalizer normalizer) {
        for (AddedToken t : tokens) {
            if (t.content().isEmpty()) continue;
            byId.put(t.id(), t);
            byContent.put(t.content(), t);
            if (t.special()) specialIds.add(t.id());
        }
        for (AddedToken t : byId.values()) {
            if (t.normalized()) {
                String pattern = normalizer == null ? t.content() : normalizer.normalize(t.content());
                if (!pattern.isEmpty()) normalizedTrie.add(pattern, t);
            } else {
                rawTrie.add(t.content(), t);
            }
        }
    }

    AddedToken byId(int id) {
        return byId.get(id);
    }

    AddedToken byContent(String content) {
        return byContent.get(content);
    }

    boolean isSpecial(int id) {
        return specialIds.contains(id);
    }

    List<AddedToken> tokens() {
        return byId.values().stream().sorted(java.util.Comparator.comparingInt(AddedToken::id)).toList();
    }

    /** Cuts {@code text} into added tokens and normalized text pieces, in order; empty pieces are dropped. */
    List<Segment> extractAndNormalize(String text, Normalizer normalizer) {
        List<Segment> out = new ArrayList<>();
        for (Segment raw : find(text, rawTrie, true)) {
            if (raw.isToken()) {
                out.add(raw);
                continue;
            }
            String normalized = normalizer == null ? raw.text() : normalizer.normalize(raw.text());
            out.addAll(find(normalized, normalizedTrie, raw.atStart()));
        }
        return out;
    }

    /** The added tokens of {@code trie} in {@code sentence} and the text between them; nothing for "". */
    private List<Segment> find(String sentence, Trie trie, boolean atStart) {
        List<Segment> splits = new ArrayList<>();
        if (sentence.isEmpty()) return splits;
        int startOffset = 0;
        int from = 0;
        while (from < sentence.length()) {
            Trie.Match m = trie.leftmostLongest(sentence, from);
            if (m == null) break;
            int start = m.start();
            int stop = m.end();
            AddedToken token = m.token();
            from = m.end();
            if (start < startOffset) continue; // inside the whitespace an rstrip already took
            if (token.singleWord()) {
                boolean startSpace = start == 0 || !isWordChar(sentence.codePointBefore(start));
                boolean stopSpace = stop == sentence.length() || !isWordChar(sentence.codePointAt(stop));
                if (!startSpace || !stopSpace) continue;
            }
            if (token.lstrip()) {
                int newStart = start;
                while (newStart > 0 && UnicodeClasses.isWhitespace(sentence.codePointBefore(newStart))) {
                    newStart -= Character.charCount(sentence.codePointBefore(newStart));
                }
                start = Math.max(newStart, startOffset);
            }
            if (token.rstrip()) {
                while (stop < sentence.length() && UnicodeClasses.isWhitespace(sentence.codePointAt(stop))) {
                    stop += Character.charCount(sentence.codePointAt(stop));
                }
            }
            if (startOffset < start) splits.add(new Segment(sentence.substring(startOffset, start), -1, atStart && startOffset == 0));
            splits.add(new Segment(sentence.substring(start, stop), token.id(), atStart && start == 0));
            startOffset = stop;
        }
        if (startOffset < sentence.length()) {
            splits.add(new Segment(sentence.substring(startOffset), -1, atStart && startOffset == 0));
        }
        return splits;
    }

    /** The library's {@code \w} (Rust regex, Unicode): alphabetic, marks, decimal digits, connector punctuation, joiners. */
    private static boolean isWordChar(int cp) {
        int t = Character.getType(cp);
        return Character.isAlphabetic(cp) || UnicodeClasses.isMark(cp) || t == Character.DECIMAL_DIGIT_NUMBER
                || t == Character.CONNECTOR_PUNCTUATION || cp == 0x200C || cp == 0x200D;
    }

    /** A character trie over token contents for leftmost-longest matching. */
    private static final class Trie {
        private final Node root = new Node();
        private boolean empty = true;

        record Match(int start, int end, AddedToken token) {
        }

        private static final class Node {
            final Map<Character, Node> children = new HashMap<>();
            AddedToken token;
        }

        void add(String content, AddedToken token) {
            Node n = root;
            for (int i = 0; i < content.length(); i++) n = n.children.computeIfAbsent(content.charAt(i), c -> new Node());
            // the first token with this content wins, as the library keeps one id per content
            if (n.token == null) n.token = token;
            empty = false;
        }

        /** The longest match at the leftmost position at or after {@code from}, or null. */
        Match leftmostLongest(String s, int from) {
            if (empty) return null;
            for (int start = from; start < s.length(); start++) {
                Node n = root;
                AddedToken best = null;
                int bestEnd = -1;
                for (int i = start; i < s.length(); i++) {
                    n = n.children.get(s.charAt(i));
                    if (n == null) break;
                    if (n.token != null) {
                        best = n.token;
                        bestEnd = i + 1;
                    }
                }
                if (best != null) return new Match(start, bestEnd, best);
            }
            return null;
        }
    }
}
