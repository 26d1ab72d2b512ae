package org.isstudio.ui.dataset;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import org.isstudio.ui.run.ScoreBoard;
import org.isstudio.ui.services.ModelInfo;
import org.isstudio.ui.services.RowScore;
import org.isstudio.ui.tokens.TokenLines;
import org.isstudio.ui.tokens.TokenView;

import java.util.Locale;
import org.isstudio.model.Columns;
import org.isstudio.model.Row;
import org.isstudio.ui.services.ClassesCodec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The selected row, one field per column, for text too long or too multi-line for a table cell: prompts get
 * a wrapping text area (Ctrl+Enter or leaving the field commits), classes get the {@link ClassesEditor}.
 * Follows the row when it changes under it (undo), except in the field being typed in.
 */
public final class RowEditor extends ScrollPane {

    private final DatasetViewModel vm;
    private final ClassesCodec codec;
    private final ScoreBoard board;
    private final VBox scores = new VBox(4);
    private final VBox box = new VBox(6);
    private final Map<String, TextInputControl> fields = new LinkedHashMap<>();
    private final Label title = new Label("No row selected");
    private ClassesEditor classes;
    private Row row;
    private List<String> shownColumns = List.of();

    /** @param codec reads and writes the classes literal, or null to edit it as text */
    public RowEditor(DatasetViewModel vm, ClassesCodec codec, ScoreBoard board) {
        this.vm = vm;
        this.codec = codec;
        this.board = board;
        scores.setId("rowScores");
        scores.getStyleClass().add("row-scores");
        getStyleClass().add("row-editor");
        setFitToWidth(true);
        box.setPadding(new Insets(8));
        title.getStyleClass().add("section-title");
        box.getChildren().add(title);
        setContent(box);
    }

    /** What the scores section shows now: the row (its identity changes with every edit), the models, their scores. */
    private Row shownRow;
    private List<ModelInfo> shownModels = List.of();
    private List<RowScore> shownScores = List.of();

    private static boolean sameScores(List<RowScore> a, List<RowScore> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (a.get(i) != b.get(i)) return false;
        return true;
    }

    /** Shows {@code r} (null for none), rebuilding the fields only when the columns changed. */
    public void show(Row r) {
        row = r;
        List<String> cols = vm.columns();
        if (!cols.equals(shownColumns)) build(cols);
        title.setText(r == null ? "No row selected" : "Row " + (vm.indexOf(r.id()) + 1));
        for (Map.Entry<String, TextInputControl> e : fields.entrySet()) {
            TextInputControl f = e.getValue();
            f.setDisable(r == null);
            String v = r == null ? "" : r.get(e.getKey());
            if (!f.isFocused() && !f.getText().equals(v)) f.setText(v);
        }
        if (classes != null) {
            classes.setDisable(r == null);
            classes.valueProperty().set(classesValue(r));
        }
        showScores(r);
    }

    /**
     * The row's score under each model, smallest first: the value, whether the model got it right, and for
     * classification the probability of each class (the correct one in bold), which shows where a model's
     * preference flips as it grows; then the row's tokens as the model scored them, coloured by log-probability.
     */
    private void showScores(Row r) {
        List<ModelInfo> models = board.models();
        List<RowScore> rowScores = new ArrayList<>();
        if (r != null) for (ModelInfo m : models) rowScores.add(board.score(vm.key(), r.id(), m.id()));
        // every batch of scores for any row lands here: rebuild only when this row or its scores changed
        if (r == shownRow && models.equals(shownModels) && sameScores(rowScores, shownScores)) return;
        shownRow = r;
        shownModels = List.copyOf(models);
        shownScores = rowScores;
        scores.getChildren().clear();
        if (r == null || models.isEmpty()) return;
        Label head = new Label("Scores by model");
        head.getStyleClass().add("section-title");
        scores.getChildren().add(head);
        ClassesEditor.Value parsed = classesValue(r);
        List<String> classNames = parsed.classes();
        int answer = parsed.answerIndex();
        for (int i = 0; i < models.size(); i++) {
            ModelInfo m = models.get(i);
            RowScore s = rowScores.get(i);
            Label name = new Label(m.name());
            name.getStyleClass().add("field-label");
            if (s == null) {
                scores.getChildren().addAll(name, new Label("not scored yet"));
                continue;
            }
            String verdict = Double.isNaN(s.correct()) ? "" : s.correct() > 0 ? "  ✓ correct" : "  ✗ wrong";
            Label value = new Label(String.format(Locale.ROOT, "%.4f%s%s", s.value(), verdict,
                    ScoreBoard.isFresh(s, r) ? "" : "  (row edited since; rescoring)"));
            if (!ScoreBoard.isFresh(s, r)) value.getStyleClass().add("muted");
            scores.getChildren().addAll(name, value);
            for (int j = 0; j < s.classProbabilities().size(); j++) {
                double q = s.classProbabilities().get(j);
                Label c = new Label(j < classNames.size() ? DataCell.display(classNames.get(j)) : "class " + j);
                c.setMinWidth(90);
                c.setPrefWidth(90);
                if (j == answer) c.setStyle("-fx-font-weight: bold;");
                ProgressBar bar = new ProgressBar(q);
                bar.setPrefWidth(110);
                bar.getStyleClass().add(j == answer ? "bar-correct" : "bar-other");
                HBox line = new HBox(6, c, bar, new Label(String.format(Locale.ROOT, "%.1f%%", 100 * q)));
                line.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
                scores.getChildren().add(line);
            }
            if (!s.sequences().isEmpty()) {
                TokenView tokens = new TokenView(TokenLines.of(s, classNames, answer));
                tokens.setId("tokens-" + m.shortName());
                scores.getChildren().add(tokens);
            }
        }
    }

    /**
     * Focuses the field of {@code column} (the table sends multi-line cells here), adding what was typed to
     * start the edit at the end rather than replacing a whole multi-line prompt with one key.
     */
    public void focus(String column, String typed) {
        TextInputControl f = fields.get(column);
        if (f != null) {
            f.requestFocus();
            if (typed != null) f.appendText(typed);
            f.end();
        } else if (classes != null && column.equals(Columns.CLASSES)) {
            classes.requestFocus();
        }
    }

    private ClassesEditor.Value classesValue(Row r) {
        if (r == null) return new ClassesEditor.Value(List.of(), -1);
        try {
            List<String> parsed = codec.parse(r.get(Columns.CLASSES));
            int answer;
            try {
                answer = Integer.parseInt(r.get(Columns.ANSWER_INDEX).strip());
            } catch (NumberFormatException e) {
                answer = -1;
            }
            return new ClassesEditor.Value(parsed, answer);
        } catch (IllegalArgumentException e) {
            return new ClassesEditor.Value(List.of(), -1);
        }
    }

    private void build(List<String> cols) {
        shownColumns = List.copyOf(cols);
        box.getChildren().setAll(title);
        fields.clear();
        classes = null;
        for (String c : cols) {
            Label label = new Label(c);
            label.getStyleClass().add("field-label");
            Node editor;
            if (c.equals(Columns.CLASSES) && codec != null && cols.contains(Columns.ANSWER_INDEX)) {
                classes = new ClassesEditor((list, answer) -> {
                    if (row == null) return;
                    Map<String, String> values = new LinkedHashMap<>();
                    values.put(Columns.CLASSES, codec.format(list));
                    values.put(Columns.ANSWER_INDEX, answer < 0 ? row.get(Columns.ANSWER_INDEX) : Integer.toString(answer));
                    vm.setCells(row.id(), values, "Edit classes");
                });
                editor = classes;
                // the raw literal stays reachable for what the list cannot show (a row that does not parse)
                TextField raw = commitOnLeave(new TextField(), c);
                raw.setId("field-" + c);
                raw.getStyleClass().add("raw-literal");
                box.getChildren().addAll(label, editor, raw);
                fields.put(c, raw);
                continue;
            }
            TextInputControl f = longText(c) ? new TextArea() : new TextField();
            if (f instanceof TextArea a) {
                a.setWrapText(true);
                a.setPrefRowCount(c.equals(Columns.PROMPT) ? 6 : 3);
            }
            f.setId("field-" + c);
            commitOnLeave(f, c);
            fields.put(c, f);
            box.getChildren().addAll(label, f);
        }
        box.getChildren().add(scores);
    }

    private static boolean longText(String column) {
        return !column.equals(Columns.ANSWER_INDEX) && !column.equals(Columns.CLASSES)
                && !column.equals(Columns.ROUND) && !column.equals(Columns.PART);
    }

    private <T extends TextInputControl> T commitOnLeave(T f, String column) {
        f.focusedProperty().addListener((obs, was, now) -> {
            if (!now) commit(f, column);
        });
        f.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && (e.isShortcutDown() || f instanceof TextField)) {
                commit(f, column);
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE && row != null) {
                f.setText(row.get(column));
                e.consume();
            }
        });
        return f;
    }

    private void commit(TextInputControl f, String column) {
        if (row != null && !f.getText().equals(row.get(column))) vm.setCell(row.id(), column, f.getText());
    }
}
