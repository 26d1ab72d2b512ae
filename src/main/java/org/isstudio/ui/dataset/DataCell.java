package org.isstudio.ui.dataset;

import javafx.scene.control.TableCell;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import org.isstudio.model.Diagnostic;
import org.isstudio.model.Row;
import org.isstudio.model.Severity;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A data cell: shows the text on one line (line breaks as ⏎, leading and trailing spaces as ·, both of which
 * matter to the contest), edits it in place, and carries the validator's marker and message. Text with line
 * breaks is edited in the row editor beside the table instead, where a line break can be typed; an in-cell
 * field would flatten it.
 */
final class DataCell extends TableCell<Row, String> implements LiveCell {

    private final BiFunction<Row, String, List<Diagnostic>> diagnostics;
    private final String column;
    private final BiConsumer<Row, String> openInRowEditor;
    private final Supplier<String> typed;
    private EditField field;

    /**
     * A text field that, when the edit began with a typed key, keeps the caret after it instead of selecting
     * the text (as TextField does when its skin is made and when it gains focus), so the next key does not
     * replace the first.
     * An explicit select-all (Ctrl+A) still works.
     */
    private static final class EditField extends TextField {
        boolean keepCaretAtEnd;

        EditField() {
            // the skin's behaviour selects the text when it is created, on the first CSS pass after the edit began
            skinProperty().addListener((obs, old, skin) -> {
                if (skin != null && keepCaretAtEnd) end();
            });
            addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
                if (e.isShortcutDown() && e.getCode() == javafx.scene.input.KeyCode.A) keepCaretAtEnd = false;
            });
        }

        @Override
        public void selectAll() {
            if (keepCaretAtEnd) end();
            else super.selectAll();
        }
    }

    /** @param typed the text typed to start the edit (it replaces the content), or null for F2/Enter/double-click */
    DataCell(String column, BiFunction<Row, String, List<Diagnostic>> diagnostics, BiConsumer<Row, String> openInRowEditor,
             Supplier<String> typed) {
        this.column = column;
        this.diagnostics = diagnostics;
        this.openInRowEditor = openInRowEditor;
        this.typed = typed;
        getStyleClass().add("data-cell");
    }

    static String display(String text) {
        if (text == null) return "";
        StringBuilder b = new StringBuilder(Math.min(text.length(), 400));
        int lead = 0;
        while (lead < text.length() && text.charAt(lead) == ' ') lead++;
        int trail = text.length();
        while (trail > lead && text.charAt(trail - 1) == ' ') trail--;
        for (int i = 0; i < text.length() && b.length() < 400; i++) {
            char c = text.charAt(i);
            if (c == '\n') b.append(" ⏎ ");
            else if (c == '\r') continue;
            else if (c == ' ' && (i < lead || i >= trail)) b.append('·');
            else b.append(c);
        }
        return b.toString();
    }

    @Override
    public void startEdit() {
        // TableView may ask a cell that is already editing to start again; that must not reset what was typed
        if (isEditing()) return;
        Row row = getTableRow() == null ? null : getTableRow().getItem();
        if (row == null) return;
        String value = getItem() == null ? "" : getItem();
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            openInRowEditor.accept(row, typed.get());
            return;
        }
        super.startEdit();
        if (!isEditing()) return;
        if (field == null) {
            field = new EditField();
            field.setOnAction(e -> commitEdit(field.getText()));
            field.setOnKeyPressed(e -> {
                if (e.getCode() == KeyCode.ESCAPE) {
                    cancelEdit();
                    e.consume();
                }
            });
            field.focusedProperty().addListener((obs, was, now) -> {
                if (!now && isEditing()) commitEdit(field.getText());
            });
        }
        String first = typed.get();
        field.setText(first == null ? value : first);
        setText(null);
        setGraphic(field);
        field.requestFocus();
        field.keepCaretAtEnd = first != null;
        if (first == null) field.selectAll();
        else field.end();
    }

    @Override
    public void cancelEdit() {
        super.cancelEdit();
        setGraphic(null);
        setText(display(getItem()));
    }

    @Override
    protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        getStyleClass().removeAll("cell-error", "cell-warning");
        setTooltip(null);
        if (empty || item == null) {
            setText(null);
            setGraphic(null);
            return;
        }
        if (isEditing()) {
            if (field != null) field.setText(item);
            setText(null);
            setGraphic(field);
            return;
        }
        setGraphic(null);
        setText(display(item));
        markers();
    }

    @Override
    public void showDerived(Source changed) {
        if (changed != Source.PROBLEMS || isEmpty() || getItem() == null || isEditing()) return;
        getStyleClass().removeAll("cell-error", "cell-warning");
        setTooltip(null);
        markers();
    }

    private void markers() {
        Row row = getTableRow() == null ? null : getTableRow().getItem();
        if (row == null) return;
        List<Diagnostic> found = diagnostics.apply(row, column);
        if (!found.isEmpty()) {
            boolean error = found.stream().anyMatch(d -> d.severity() == Severity.ERROR);
            getStyleClass().add(error ? "cell-error" : "cell-warning");
            setTooltip(new Tooltip(String.join("\n", found.stream()
                    .map(d -> d.severity().label() + ": " + d.message()).toList())));
        }
    }
}
