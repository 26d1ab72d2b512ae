package org.isstudio.format.template;

/** A row that cannot be rendered through its part's template, naming the row and the field at fault. */
public final class TemplateException extends IllegalArgumentException {

    private final String rowId;
    private final String field;

    public TemplateException(String rowId, String field, String message) {
        super(message);
        this.rowId = rowId;
        this.field = field;
    }

    /** The row at fault (the example or one of its shots). */
    public String rowId() {
        return rowId;
    }

    /** The template field or contest column at fault, or {@code ""}. */
    public String field() {
        return field;
    }
}
