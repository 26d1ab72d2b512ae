package org.isstudio.engine.tokenizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a split does with the delimiters it finds ({@code SplitDelimiterBehavior} in the {@code tokenizers}
 * library), given the text cut into alternating delimiter and non-delimiter spans.
 */
enum SplitBehavior {
    /** Delimiters are dropped. */
    REMOVED,
    /** Each delimiter is a piece of its own. */
    ISOLATED,
    /** A delimiter joins the piece before it. */
    MERGED_WITH_PREVIOUS,
    /** A delimiter joins the piece after it. */
    MERGED_WITH_NEXT,
    /** Consecutive delimiters form one piece. */
    CONTIGUOUS;

    static SplitBehavior parse(String name) {
        return switch (name) {
            case "Removed" -> REMOVED;
            case "Isolated" -> ISOLATED;
            case "MergedWithPrevious" -> MERGED_WITH_PREVIOUS;
            case "MergedWithNext" -> MERGED_WITH_NEXT;
            case "Contiguous" -> CONTIGUOUS;
            default -> throw new IllegalArgumentException("unknown split behavior '" + name
                    + "' (expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous)");
        };
    }

    /**
     * The pieces to keep, from spans that cover the text in order; empty pieces are dropped, as the library
     * drops empty splits.
     */
    List<Span> apply(List<Span> spans) {
        List<Span> kept = new ArrayList<>(spans.size());
        boolean previous = false;
        switch (this) {
            case ISOLATED -> kept.addAll(spans);
            case REMOVED -> {
                for (Span s : spans) if (!s.delimiter()) kept.add(s);
            }
            case CONTIGUOUS -> {
                for (Span s : spans) {
                    if (s.delimiter() == previous && !kept.isEmpty()) kept.set(kept.size() - 1, kept.getLast().extendTo(s.end()));
                    else kept.add(s);
                    previous = s.delimiter();
                }
            }
            case MERGED_WITH_PREVIOUS -> {
                for (Span s : spans) {
                    if (s.delimiter() && !previous && !kept.isEmpty()) kept.set(kept.size() - 1, kept.getLast().extendTo(s.end()));
                    else kept.add(s);
                    previous = s.delimiter();
                }
            }
            case MERGED_WITH_NEXT -> {
                for (Span s : spans.reversed()) {
                    if (s.delimiter() && !previous && !kept.isEmpty()) kept.set(kept.size() - 1, kept.getLast().extendFrom(s.start()));
                    else kept.add(s);
                    previous = s.delimiter();
                }
                Collections.reverse(kept);
            }
        }
        kept.removeIf(s -> s.end() == s.start());
        return kept;
    }

    /** A stretch {@code [start, end)} of a text; {@code delimiter} when the split's pattern matched it. */
    record Span(int start, int end, boolean delimiter) {
        Span extendTo(int newEnd) {
            return new Span(start, newEnd, false);
        }

        Span extendFrom(int newStart) {
            return new Span(newStart, end, false);
        }
    }
}
