package org.isstudio.ui.dataset;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The classes of one row edited as a list rather than as a Python literal: one line per class, the correct
 * one chosen with a radio button (which sets answer_index), add, remove and reorder. Leading spaces, which the
 * contest concatenates without a separator, are shown as · so they cannot be lost unseen.
 */
public final class ClassesEditor extends VBox {

    /** The state the editor shows and produces: the classes and the index of the correct one (-1 for none). */
    public record Value(List<String> classes, int answerIndex) {
        public Value {
            classes = List.copyOf(classes);
        }
    }

    private final ObservableList<String> items = FXCollections.observableArrayList();
    private final ListView<String> list = new ListView<>(items);
    private final ToggleGroup correct = new ToggleGroup();
    private final ObjectProperty<Value> value = new SimpleObjectProperty<>(this, "value", new Value(List.of(), -1));
    private final BiConsumer<List<String>, Integer> onCommit;
    private boolean updating;

    /** @param onCommit called with the new classes and answer index after every change the author makes */
    public ClassesEditor(BiConsumer<List<String>, Integer> onCommit) {
        this.onCommit = onCommit;
        getStyleClass().add("classes-editor");
        setSpacing(4);
        list.setId("classesList");
        list.setEditable(true);
        list.setPrefHeight(110);
        list.setCellFactory(lv -> new ClassCell());
        Button add = small("+", "Add a class");
        add.setId("addClass");
        add.setOnAction(e -> {
            List<String> now = new ArrayList<>(items);
            now.add(" ");
            commit(now, answerIndex());
            list.edit(now.size() - 1);
        });
        Button remove = small("−", "Remove the selected class");
        remove.setOnAction(e -> {
            int i = list.getSelectionModel().getSelectedIndex();
            if (i < 0) return;
            List<String> now = new ArrayList<>(items);
            now.remove(i);
            int a = answerIndex();
            commit(now, a == i ? -1 : a > i ? a - 1 : a);
        });
        Button up = small("↑", "Move the selected class up");
        up.setOnAction(e -> move(-1));
        Button down = small("↓", "Move the selected class down");
        down.setOnAction(e -> move(1));
        HBox buttons = new HBox(4, add, remove, up, down);
        buttons.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(list, buttons);
        VBox.setVgrow(list, Priority.ALWAYS);
        value.addListener((obs, o, v) -> show(v));
    }

    private static Button small(String text, String tip) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.getStyleClass().add("small-button");
        return b;
    }

    private void move(int delta) {
        int i = list.getSelectionModel().getSelectedIndex();
        int j = i + delta;
        if (i < 0 || j < 0 || j >= items.size()) return;
        List<String> now = new ArrayList<>(items);
        String moved = now.remove(i);
        now.add(j, moved);
        int a = answerIndex();
        commit(now, a == i ? j : a == j ? i : a);
        list.getSelectionModel().select(j);
    }

    private int answerIndex() {
        return value.get().answerIndex();
    }

    private void commit(List<String> classes, int answer) {
        value.set(new Value(classes, answer));
        onCommit.accept(List.copyOf(classes), answer);
    }

    private void show(Value v) {
        updating = true;
        try {
            if (!items.equals(v.classes())) items.setAll(v.classes());
            list.refresh();
        } finally {
            updating = false;
        }
    }

    public ObjectProperty<Value> valueProperty() {
        return value;
    }

    private final class ClassCell extends ListCell<String> {
        private final RadioButton radio = new RadioButton();
        private final Label text = new Label();
        private final HBox box = new HBox(6, radio, text);
        private TextField field;

        ClassCell() {
            radio.setToggleGroup(correct);
            radio.setTooltip(new Tooltip("The correct answer (answer_index)"));
            radio.setOnAction(e -> {
                if (!updating && getIndex() >= 0) commit(new ArrayList<>(items), getIndex());
            });
            box.setAlignment(Pos.CENTER_LEFT);
            box.setPadding(new Insets(0));
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(null);
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            if (isEditing()) return;
            radio.setSelected(getIndex() == answerIndex());
            text.setText(DataCell.display(item));
            setGraphic(box);
        }

        @Override
        public void startEdit() {
            super.startEdit();
            if (!isEditing()) return;
            field = new TextField(getItem());
            field.setOnAction(e -> commitEdit(field.getText()));
            field.setOnKeyPressed(e -> {
                if (e.getCode() == KeyCode.ESCAPE) cancelEdit();
            });
            setGraphic(field);
            field.requestFocus();
            field.end();
        }

        @Override
        public void commitEdit(String newValue) {
            int i = getIndex();
            // read before super: ListView's default commit handler writes the item into the list itself
            List<String> now = new ArrayList<>(items);
            boolean changed = i >= 0 && i < now.size() && !now.get(i).equals(newValue);
            super.commitEdit(newValue);
            if (changed) {
                now.set(i, newValue);
                commit(now, answerIndex());
            }
            updateItem(newValue, false);
        }

        @Override
        public void cancelEdit() {
            super.cancelEdit();
            updateItem(getItem(), false);
        }
    }
}
