package org.isstudio.format.csv;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a table so that {@code pandas.read_csv} reads back exactly these strings: UTF-8 without a BOM, LF
 * between rows (as {@code DataFrame.to_csv} writes on Linux and macOS), no index column, and a field quoted
 * whenever it holds a comma, a quote, a line break or surrounding space, so line breaks (CRLF too) and
 * leading spaces survive. A {@code null} field is written empty, which pandas reads as NaN.
 */
public final class PandasCsvWriter {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setRecordSeparator("\n")
            .setQuoteMode(QuoteMode.MINIMAL)
            .get();

    private PandasCsvWriter() {
    }

    /** The CSV text of a header and its rows. */
    public static String write(List<String> columns, List<? extends List<String>> rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
            printer.printRecord(columns);
            for (List<String> row : rows) {
                if (row.size() != columns.size()) {
                    throw new IllegalArgumentException("row has " + row.size() + " fields, header " + columns.size());
                }
                printer.printRecord(row.stream().map(f -> f == null ? "" : f).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
