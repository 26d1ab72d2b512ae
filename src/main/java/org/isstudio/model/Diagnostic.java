package org.isstudio.model;

/**
 * One finding about a file or a part, located as precisely as it can be.
 *
 * @param file   the file name (or part name) it concerns
 * @param row    1-based line/record number as an editor shows it (the CSV header is row 1, so the first
 *               example is row 2; for JSONL the first example is row 1), or 0 when it concerns the whole file
 * @param column the column or field name, or {@code ""} when it concerns a whole row or file
 * @param rowId  the {@link Row#id()} it concerns inside a project, or {@code null} outside one
 */
public record Diagnostic(Severity severity, String file, int row, String column, String message, String rowId) {

    public Diagnostic(Severity severity, String file, int row, String column, String message) {
        this(severity, file, row, column, message, null);
    }

    /** The one-line form the command line prints: {@code file:row:column: error|warning: message}. */
    public String format() {
        return file + ":" + row + ":" + column + ": " + severity.label() + ": " + message;
    }
}
