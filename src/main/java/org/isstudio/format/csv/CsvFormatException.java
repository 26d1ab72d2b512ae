package org.isstudio.format.csv;

/**
 * A file that {@code pandas.read_csv} would refuse (bad UTF-8, a quote never closed, a row with too many
 * fields, no header), located by file, 1-based line and, where it is known, column.
 */
public final class CsvFormatException extends Exception {

    private final String file;
    private final int line;
    private final String column;

    public CsvFormatException(String file, int line, String column, String message) {
        super(file + ":" + line + ":" + column + ": " + message);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** The column name, or {@code ""} when the problem is not in one column. */
    public String column() {
        return column;
    }

    /** The message without the location. */
    public String reason() {
        String m = getMessage();
        return m.substring(m.indexOf(": ", (file + ":" + line + ":" + column).length()) + 2);
    }
}
