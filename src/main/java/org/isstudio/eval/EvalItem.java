package org.isstudio.eval;

import org.isstudio.model.Example;

import java.util.Objects;

/**
 * One example to score, under a key that stays the same while the author edits it: the scheduler re-scores an item
 * when the example under its key changes, and only then.
 */
public record EvalItem(Key key, Example example) {

    public EvalItem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(example, "example");
    }

    /**
     * @param series the part, control set or few-shot variant the row is scored in (a line on the plot)
     * @param row    the row's stable identity within it
     */
    public record Key(String series, String row) {
        public Key {
            Objects.requireNonNull(series, "series");
            Objects.requireNonNull(row, "row");
        }
    }
}
