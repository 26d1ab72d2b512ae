package org.isstudio.format.pyliteral;

/**
 * A text that {@code ast.literal_eval} would refuse (a syntax error or a node that is not a literal), with
 * the 1-based line and column inside the text where the problem starts.
 */
public final class PyLiteralException extends Exception {

    private final int line;
    private final int column;
    private final String reason;

    public PyLiteralException(String reason, int line, int column) {
        super(reason + " (line " + line + ", column " + column + ")");
        this.reason = reason;
        this.line = line;
        this.column = column;
    }

    /** The message without the position. */
    public String reason() {
        return reason;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
