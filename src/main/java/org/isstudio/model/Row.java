package org.isstudio.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of a part as the author typed it: the raw text of each cell, by column name, in column order.
 * Cells are kept as text, never parsed into something that could lose what was typed; a cell that is
 * missing or that pandas would read as NA is the validator's business, not the row's. The {@code id} is a
 * stable identity (for undo, selection and the score cache's bookkeeping) and is never exported.
 *
 * <p>This class is immutable.
 */
public record Row(String id, Map<String, String> cells) {

    public Row {
        Objects.requireNonNull(id, "id");
        cells = Collections.unmodifiableMap(new LinkedHashMap<>(cells));
    }

    /** The cell's text, or {@code ""} when the row has no such column. */
    public String get(String column) {
        String v = cells.get(column);
        return v == null ? "" : v;
    }

    public boolean has(String column) {
        return cells.containsKey(column);
    }

    /** A copy with one cell replaced (or added at the end). */
    public Row with(String column, String value) {
        Map<String, String> copy = new LinkedHashMap<>(cells);
        copy.put(column, Objects.requireNonNull(value, "value"));
        return new Row(id, copy);
    }
}
