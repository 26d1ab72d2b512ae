package org.isstudio.ui.validation;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import org.isstudio.model.Severity;

import java.util.List;
import java.util.function.Consumer;

/**
 * The problems list: every error and warning with its part, row and column. Clicking (or Enter on) a line
 * jumps to the cell it is about.
 */
public final class ValidationView extends BorderPane {

    private final TableView<ValidationViewModel.Located> table;

    public ValidationView(ValidationViewModel vm, Consumer<ValidationViewModel.Located> reveal) {
        getStyleClass().add("validation-view");
        table = new TableView<>(vm.problems());
        table.setId("problemsTable");
        table.setPlaceholder(new Label("No problems found."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        TableColumn<ValidationViewModel.Located, String> severity = new TableColumn<>("");
        severity.setCellValueFactory(c -> new ReadOnlyStringWrapper(
                c.getValue().diagnostic().severity() == Severity.ERROR ? "●" : "▲"));
        severity.setPrefWidth(30);
        severity.setMaxWidth(30);
        TableColumn<ValidationViewModel.Located, String> where = new TableColumn<>("Part");
        where.setCellValueFactory(c -> new ReadOnlyStringWrapper(
                c.getValue().part() == null ? c.getValue().diagnostic().file() : c.getValue().part().label()));
        where.setPrefWidth(90);
        TableColumn<ValidationViewModel.Located, String> row = new TableColumn<>("Row");
        row.setCellValueFactory(c -> new ReadOnlyStringWrapper(
                c.getValue().diagnostic().row() == 0 ? "" : Integer.toString(c.getValue().diagnostic().row())));
        row.setPrefWidth(60);
        TableColumn<ValidationViewModel.Located, String> column = new TableColumn<>("Column");
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().diagnostic().column()));
        column.setPrefWidth(110);
        TableColumn<ValidationViewModel.Located, String> message = new TableColumn<>("Problem");
        message.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().diagnostic().message()));
        message.setPrefWidth(600);
        table.getColumns().setAll(List.of(severity, where, row, column, message));
        table.setRowFactory(t -> {
            TableRow<ValidationViewModel.Located> r = new TableRow<>() {
                @Override
                protected void updateItem(ValidationViewModel.Located item, boolean empty) {
                    super.updateItem(item, empty);
                    getStyleClass().removeAll("problem-error", "problem-warning");
                    if (!empty && item != null) {
                        getStyleClass().add(item.diagnostic().severity() == Severity.ERROR ? "problem-error" : "problem-warning");
                    }
                }
            };
            r.setOnMouseClicked(e -> {
                if (!r.isEmpty()) reveal.accept(r.getItem());
            });
            return r;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && table.getSelectionModel().getSelectedItem() != null) {
                reveal.accept(table.getSelectionModel().getSelectedItem());
            }
        });
        setCenter(table);
    }

    /** The one-line summary the status bar and the tab title show. */
    public static String summary(int errors, int warnings) {
        if (errors == 0 && warnings == 0) return "No problems";
        return errors + (errors == 1 ? " error, " : " errors, ") + warnings + (warnings == 1 ? " warning" : " warnings");
    }

}
