package org.isstudio.format.csv;

import java.util.List;
import java.util.Objects;

/**
 * A CSV file as {@code pandas.read_csv(path)} with default arguments sees it: its column names as pandas
 * names them ({@code Unnamed: 0} for an empty header, {@code a.1} for a repeated {@code a}) and its rows.
 *
 * @param implicitIndexColumns how many leading columns pandas would turn into the index because the first
 *                             data row has more fields than the header; they are kept here as columns
 *                             named {@code Unnamed: i} so nothing is lost, and the validator says so
 *
 * <p>This class is immutable.
 */
public record CsvTable(String file, List<String> columns, List<CsvRecord> records, int implicitIndexColumns) {

    public CsvTable {
        Objects.requireNonNull(file, "file");
        columns = List.copyOf(columns);
        records = List.copyOf(records);
    }

    /** The position of a column, or -1. */
    public int columnIndex(String name) {
        return columns.indexOf(name);
    }

    /** All fields of one column, top to bottom ({@code null} where a row is short). */
    public List<String> column(String name) {
        int i = columnIndex(name);
        if (i < 0) throw new IllegalArgumentException(file + " has no column '" + name + "'");
        return records.stream().map(r -> r.cell(i)).toList();
    }
}
