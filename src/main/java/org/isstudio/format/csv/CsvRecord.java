package org.isstudio.format.csv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One data row of a CSV file: the text of each field exactly as it was in the file (quotes removed,
 * {@code ""} unescaped, nothing trimmed), in the table's column order; {@code null} where the row was
 * shorter than the header. Whether pandas would read a field as NA is {@link Pandas#isNa}'s business.
 *
 * @param line the 1-based line of the file where the row starts, as an editor numbers lines
 */
public record CsvRecord(int line, List<String> cells) {

    public CsvRecord {
        Objects.requireNonNull(cells, "cells");
        // may hold nulls, so no List.copyOf
        cells = Collections.unmodifiableList(new ArrayList<>(cells));
    }

    /** The raw text of field {@code i}, or {@code null} when the row has no such field. */
    public String cell(int i) {
        return i < cells.size() ? cells.get(i) : null;
    }
}
