package org.isstudio.ui.dataset;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TablePosition;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DataFormat;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.HBox;
import org.isstudio.model.Diagnostic;
import org.isstudio.model.Row;
import org.isstudio.ui.common.Coalescer;
import org.isstudio.ui.run.ScoreBoard;
import org.isstudio.ui.services.ClassesCodec;
import org.isstudio.ui.services.ModelInfo;
import org.isstudio.ui.services.RowScore;
import org.isstudio.ui.validation.ValidationViewModel;

import javafx.animation.PauseTransition;
import javafx.application.Platform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A part's rows as a spreadsheet: edit in place, select cells and rows, copy and paste blocks from and to
 * spreadsheets, add, duplicate, delete, drag or Alt+arrow to reorder, filter and sort by any column including
 * each model's score and the row's own slope, which is how an author finds the rows that drive the trend.
 * Problems the validator found are marked on their cells. The selected row is open in a {@link RowEditor}.
 */
public final class DatasetView extends BorderPane {

    private static final DataFormat ROW_DRAG = new DataFormat("application/x-isstudio-rows");

    private final DatasetViewModel vm;
    private final ScoreBoard board;
    private final ValidationViewModel validation;
    private final TableView<Row> table = new TableView<>();
    private final SortedList<Row> sorted;
    private final RowEditor rowEditor;
    private final TextField filter = new TextField();
    private final ToggleButton problemsOnly = new ToggleButton("Problems only");
    private final Label count = new Label();
    private final Coalescer scoresChanged;
    private final Coalescer problemsChanged;
    /** The cells made for the current columns; the table drops cells it no longer needs, and so does this. */
    private final Set<LiveCell> liveCells = Collections.newSetFromMap(new WeakHashMap<>());
    /** Sorting 10,000 rows by a score at every batch would hold the window up: while scores stream, once a second. */
    private final PauseTransition resort = new PauseTransition(javafx.util.Duration.seconds(1));
    /** What the author typed on a cell that was not editing yet; the cell's editor starts with it. */
    private String pendingTyped;

    public DatasetView(DatasetViewModel vm, ScoreBoard board, ValidationViewModel validation, ClassesCodec codec) {
        this.vm = vm;
        this.board = board;
        this.validation = validation;
        getStyleClass().add("dataset-view");
        sorted = new SortedList<>(vm.filteredRows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setId("datasetTable");
        table.setEditable(true);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getSelectionModel().setCellSelectionEnabled(true);
        table.setPlaceholder(new Label("No rows. Add one (Ctrl+Enter), or paste rows copied from a spreadsheet (Ctrl+V)."));
        table.setRowFactory(t -> draggableRow());
        rowEditor = new RowEditor(vm, codec, board);

        scoresChanged = new Coalescer(Platform::runLater, () -> refreshDerived(LiveCell.Source.SCORES));
        problemsChanged = new Coalescer(Platform::runLater, () -> refreshDerived(LiveCell.Source.PROBLEMS));
        resort.setOnFinished(e -> {
            if (!table.getSortOrder().isEmpty()) table.sort();
        });
        vm.columns().addListener((ListChangeListener<String>) c -> rebuildColumns());
        board.models().addListener((ListChangeListener<ModelInfo>) c -> rebuildColumns());
        board.revisionProperty().addListener((obs, o, n) -> scoresChanged.request());
        validation.revisionProperty().addListener((obs, o, n) -> problemsChanged.request());
        rebuildColumns();

        table.getSelectionModel().selectedItemProperty().addListener((obs, o, r) -> rowEditor.show(r));
        table.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        table.addEventHandler(KeyEvent.KEY_TYPED, this::onTyped);

        filter.setPromptText("Filter rows (Ctrl+F)");
        filter.setId("filterField");
        filter.textProperty().bindBidirectional(vm.filterTextProperty());
        filter.setPrefColumnCount(22);
        problemsOnly.setTooltip(new Tooltip("Show only rows the validator has something to say about"));
        problemsOnly.selectedProperty().addListener((obs, o, on) -> applyProblemsFilter(on));
        validation.revisionProperty().addListener((obs, o, n) -> {
            if (problemsOnly.isSelected()) applyProblemsFilter(true);
        });
        count.getStyleClass().add("muted");
        vm.filteredRows().addListener((ListChangeListener<Row>) c -> updateCount());
        vm.rowCountProperty().addListener((obs, o, n) -> updateCount());
        updateCount();

        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        ToolBar bar = new ToolBar(filter, problemsOnly, grow,
                button("Add row", "Insert a row below the selection (Ctrl+Enter)", this::addRow),
                button("Duplicate", "Duplicate the selected rows (Ctrl+D)", this::duplicate),
                button("Delete", "Delete the selected rows (Ctrl+Delete)", this::delete),
                button("↑", "Move the selected rows up (Alt+Up)", () -> moveSelection(-1)),
                button("↓", "Move the selected rows down (Alt+Down)", () -> moveSelection(1)),
                count);
        bar.getStyleClass().add("dataset-toolbar");
        setTop(bar);
        SplitPane split = new SplitPane(table, rowEditor);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.66);
        SplitPane.setResizableWithParent(rowEditor, false);
        setCenter(split);
    }

    private static Button button(String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    private void updateCount() {
        int shown = vm.filteredRows().size();
        int all = vm.rows().size();
        count.setText(shown == all ? all + " rows" : shown + " of " + all + " rows");
    }

    private void applyProblemsFilter(boolean on) {
        vm.setExtraFilter(on ? r -> !validation.ofRow(vm.key(), r.id()).isEmpty() : null);
    }

    // ---- columns

    private void rebuildColumns() {
        List<TableColumn<Row, ?>> cols = new ArrayList<>();
        TableColumn<Row, Number> number = new TableColumn<>("#");
        number.setId("col-#");
        number.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(vm.indexOf(c.getValue().id()) + 1));
        number.setEditable(false);
        number.setPrefWidth(62);
        number.getStyleClass().add("number-column");
        number.setCellFactory(c -> live(new NumberCell()));
        cols.add(number);
        List<TableColumn<Row, ?>> data = new ArrayList<>();
        for (String name : vm.columns()) {
            TableColumn<Row, String> col = new TableColumn<>(name);
            col.setId("col-" + name);
            col.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().get(name)));
            col.setCellFactory(c -> live(new DataCell(name, (r, column) -> validation.at(vm.key(), r.id(), column),
                    (r, typed) -> {
                        table.getSelectionModel().clearAndSelect(sorted.indexOf(r), c);
                        rowEditor.focus(name, typed);
                    }, this::takeTyped)));
            col.setOnEditCommit(e -> vm.setCell(e.getRowValue().id(), name, e.getNewValue()));
            col.setPrefWidth(name.equals(org.isstudio.model.Columns.PROMPT) || name.equals(org.isstudio.model.Columns.OTHER_PROMPT) ? 320
                    : name.equals(org.isstudio.model.Columns.ANSWER_INDEX) ? 60 : 150);
            data.add(col);
        }
        // score and slope cells hold the row itself and read its numbers from the board when they show
        for (ModelInfo m : board.models()) {
            TableColumn<Row, Row> col = new TableColumn<>(m.shortName());
            col.setId("score-" + m.shortName());
            col.setEditable(false);
            col.setPrefWidth(78);
            col.getStyleClass().add("score-column");
            col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
            col.setCellFactory(c -> live(new ScoreCell(m)));
            col.setComparator(byNumber(r -> {
                RowScore s = board.score(vm.key(), r.id(), m.id());
                return s == null ? Double.NaN : s.value();
            }));
            cols.add(col);
        }
        if (board.models().size() > 1) {
            TableColumn<Row, Row> slope = new TableColumn<>("slope");
            slope.setId("col-slope");
            slope.setEditable(false);
            slope.setPrefWidth(72);
            slope.getStyleClass().add("score-column");
            slope.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
            slope.setCellFactory(c -> live(new SlopeCell()));
            slope.setComparator(byNumber(r -> board.slope(vm.key(), r)));
            cols.add(slope);
        }
        // the scores come first: on a laptop screen they stay in view beside the row numbers, and the row's full
        // text is in the row editor anyway
        cols.addAll(data);
        liveCells.clear();
        table.getColumns().setAll(cols);
    }

    /** Rows by a number, rows without one (NaN) first, as the table sorted missing scores before. */
    private static Comparator<Row> byNumber(java.util.function.ToDoubleFunction<Row> value) {
        return (a, b) -> {
            double x = value.applyAsDouble(a), y = value.applyAsDouble(b);
            return Double.isNaN(x) || Double.isNaN(y) ? Boolean.compare(!Double.isNaN(x), !Double.isNaN(y)) : Double.compare(x, y);
        };
    }

    private <C extends LiveCell> C live(C cell) {
        liveCells.add(cell);
        return cell;
    }

    /** New scores or problems: the cells on screen show them; a sorted table is sorted again, at most once a second. */
    private void refreshDerived(LiveCell.Source changed) {
        for (LiveCell c : List.copyOf(liveCells)) c.showDerived(changed);
        rowEditor.show(table.getSelectionModel().getSelectedItem());
        if (changed == LiveCell.Source.SCORES && !table.getSortOrder().isEmpty()
                && resort.getStatus() != javafx.animation.Animation.Status.RUNNING) {
            resort.playFromStart();
        }
    }

    /** The row's number, marked when the validator has something to say about the row. */
    private final class NumberCell extends TableCell<Row, Number> implements LiveCell {
        @Override
        protected void updateItem(Number item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.toString());
            showDerived(Source.PROBLEMS);
        }

        @Override
        public void showDerived(Source changed) {
            if (changed != Source.PROBLEMS) return;
            Row r = getTableRow() == null ? null : getTableRow().getItem();
            List<Diagnostic> found = isEmpty() || r == null ? List.of() : validation.ofRow(vm.key(), r.id());
            boolean error = found.stream().anyMatch(d -> d.severity() == org.isstudio.model.Severity.ERROR);
            LiveCell.mark(this, "row-error", error);
            LiveCell.mark(this, "row-warning", !error && !found.isEmpty());
        }
    }

    /** A model's value for the row; greyed while the row has changed since it was scored. */
    private final class ScoreCell extends TableCell<Row, Row> implements LiveCell {
        private final ModelInfo model;

        ScoreCell(ModelInfo model) {
            this.model = model;
            setAlignment(Pos.CENTER_RIGHT);
        }

        @Override
        protected void updateItem(Row row, boolean empty) {
            super.updateItem(row, empty);
            showDerived(Source.SCORES);
        }

        @Override
        public void showDerived(Source changed) {
            if (changed != Source.SCORES) return;
            Row r = isEmpty() ? null : getItem();
            RowScore s = r == null ? null : board.score(vm.key(), r.id(), model.id());
            setText(s != null ? String.format(Locale.ROOT, "%.3f", s.value()) : isEmpty() ? null : "");
            LiveCell.mark(this, "stale", s != null && !ScoreBoard.isFresh(s, r));
        }
    }

    /** The row's slope over the models, coloured by its sign. */
    private final class SlopeCell extends TableCell<Row, Row> implements LiveCell {
        SlopeCell() {
            setAlignment(Pos.CENTER_RIGHT);
        }

        @Override
        protected void updateItem(Row row, boolean empty) {
            super.updateItem(row, empty);
            showDerived(Source.SCORES);
        }

        @Override
        public void showDerived(Source changed) {
            if (changed != Source.SCORES) return;
            Row r = isEmpty() ? null : getItem();
            double v = r == null ? Double.NaN : board.slope(vm.key(), r);
            setText(Double.isNaN(v) ? null : String.format(Locale.ROOT, "%+.3f", v));
            LiveCell.mark(this, "slope-up", v > 0);
            LiveCell.mark(this, "slope-down", v <= 0);
        }
    }

    // ---- keyboard, clipboard and row operations

    private void onKey(KeyEvent e) {
        if (table.getEditingCell() != null) return;
        // Shift with the shortcut belongs to the menus (Ctrl+Shift+D is the theme, Ctrl+Shift+Z redo)
        boolean shortcut = e.isShortcutDown() && !e.isShiftDown();
        KeyCode code = e.getCode();
        if (shortcut && code == KeyCode.C) copy();
        else if (shortcut && code == KeyCode.V) paste();
        else if (shortcut && code == KeyCode.X) {
            copy();
            clearCells();
        } else if (shortcut && code == KeyCode.D) duplicate();
        else if (shortcut && code == KeyCode.ENTER) addRow();
        else if (shortcut && (code == KeyCode.DELETE || code == KeyCode.MINUS)) delete();
        else if (shortcut && code == KeyCode.F) filter.requestFocus();
        else if (e.isAltDown() && code == KeyCode.UP) moveSelection(-1);
        else if (e.isAltDown() && code == KeyCode.DOWN) moveSelection(1);
        else if (code == KeyCode.DELETE || code == KeyCode.BACK_SPACE) clearCells();
        else if (code == KeyCode.F2 || code == KeyCode.ENTER) editFocused(null);
        else return;
        e.consume();
    }

    private void onTyped(KeyEvent e) {
        if (table.getEditingCell() != null || e.isShortcutDown() || e.isAltDown()) return;
        String ch = e.getCharacter();
        if (ch.isEmpty() || Character.isISOControl(ch.charAt(0))) return;
        editFocused(ch);
        e.consume();
    }

    @SuppressWarnings("unchecked")
    private void editFocused(String typed) {
        TablePosition<Row, ?> pos = table.getFocusModel().getFocusedCell();
        if (pos == null || pos.getRow() < 0 || pos.getTableColumn() == null || !pos.getTableColumn().isEditable()) return;
        pendingTyped = typed;
        table.edit(pos.getRow(), (TableColumn<Row, ?>) pos.getTableColumn());
    }

    private String takeTyped() {
        String t = pendingTyped;
        pendingTyped = null;
        return t;
    }

    /** Data columns (not "#" or scores) in display order, as their names. */
    private List<String> dataColumnsOf(List<TableColumn<Row, ?>> cols) {
        return cols.stream().map(TableColumn::getText).filter(vm.columns()::contains).toList();
    }

    private List<Row> selectedRows() {
        TreeSet<Integer> rows = new TreeSet<>();
        for (TablePosition<?, ?> p : table.getSelectionModel().getSelectedCells()) rows.add(p.getRow());
        return rows.stream().filter(i -> i >= 0 && i < sorted.size()).map(sorted::get).toList();
    }

    private List<String> selectedIds() {
        return selectedRows().stream().map(Row::id).toList();
    }

    /** Copies the block spanned by the selected cells (all data columns when only "#" or scores are selected). */
    public void copy() {
        List<Row> rows = selectedRows();
        if (rows.isEmpty()) return;
        TreeSet<Integer> colIdx = new TreeSet<>();
        for (TablePosition<?, ?> p : table.getSelectionModel().getSelectedCells()) {
            if (p.getTableColumn() != null) colIdx.add(table.getVisibleLeafIndex((TableColumn<Row, ?>) p.getTableColumn()));
        }
        // the bounding block, as spreadsheets copy a selection
        List<TableColumn<Row, ?>> cols = colIdx.isEmpty() ? List.of()
                : table.getVisibleLeafColumns().subList(colIdx.first(), colIdx.last() + 1);
        List<String> names = dataColumnsOf(cols);
        if (names.isEmpty()) names = dataColumnsOf(table.getVisibleLeafColumns());
        ClipboardContent content = new ClipboardContent();
        content.putString(vm.copy(rows, names));
        Clipboard.getSystemClipboard().setContent(content);
    }

    /** Pastes clipboard text at the focused cell (see {@link DatasetViewModel#paste}). */
    public void paste() {
        String text = Clipboard.getSystemClipboard().getString();
        if (text == null || text.isEmpty()) return;
        pasteText(text);
    }

    void pasteText(String text) {
        TablePosition<Row, ?> pos = table.getFocusModel().getFocusedCell();
        int row = pos == null || pos.getRow() < 0 ? sorted.size() : pos.getRow();
        int col = 0;
        if (pos != null && pos.getTableColumn() != null) {
            int i = vm.columns().indexOf(pos.getTableColumn().getText());
            col = Math.max(0, i);
        }
        vm.paste(List.copyOf(sorted), row, col, text);
    }

    private void clearCells() {
        Map<String, Set<String>> cells = new LinkedHashMap<>();
        for (TablePosition<?, ?> p : table.getSelectionModel().getSelectedCells()) {
            if (p.getTableColumn() == null || p.getRow() < 0 || p.getRow() >= sorted.size()) continue;
            String name = p.getTableColumn().getText();
            if (vm.columns().contains(name)) cells.computeIfAbsent(sorted.get(p.getRow()).id(), id -> new LinkedHashSet<>()).add(name);
        }
        vm.clearCells(cells);
    }

    public void addRow() {
        List<Row> sel = selectedRows();
        String id = vm.addRow(sel.isEmpty() ? null : sel.getLast().id());
        selectById(List.of(id));
    }

    public void duplicate() {
        selectById(vm.duplicateRows(selectedIds()));
    }

    public void delete() {
        List<Row> sel = selectedRows();
        if (sel.isEmpty()) return;
        int first = sorted.indexOf(sel.getFirst());
        vm.deleteRows(sel.stream().map(Row::id).toList());
        if (!sorted.isEmpty()) table.getSelectionModel().clearAndSelect(Math.min(first, sorted.size() - 1));
    }

    private void moveSelection(int delta) {
        List<String> ids = selectedIds();
        if (ids.isEmpty() || !table.getSortOrder().isEmpty()) return;
        int first = vm.indexOf(ids.getFirst());
        vm.moveRows(ids, Math.max(0, first + delta));
        selectById(ids);
    }

    private void selectById(List<String> ids) {
        table.getSelectionModel().clearSelection();
        TableColumn<Row, ?> focusCol = table.getVisibleLeafColumns().size() > 1 ? table.getVisibleLeafColumn(1) : null;
        for (String id : ids) {
            for (int i = 0; i < sorted.size(); i++) {
                if (sorted.get(i).id().equals(id)) {
                    if (focusCol != null) table.getSelectionModel().select(i, focusCol);
                    else table.getSelectionModel().select(i);
                    table.scrollTo(Math.max(0, i - 3));
                    break;
                }
            }
        }
        if (!ids.isEmpty() && focusCol != null) {
            int i = table.getSelectionModel().getSelectedIndex();
            table.getFocusModel().focus(i, focusCol);
        }
    }

    /** Selects a row (and column) and scrolls to it: where a click in the problems list lands. */
    public void reveal(String rowId, String column) {
        if (vm.indexOf(rowId) >= 0 && sorted.stream().noneMatch(r -> r.id().equals(rowId))) {
            vm.filterTextProperty().set("");
            problemsOnly.setSelected(false);
        }
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).id().equals(rowId)) {
                TableColumn<Row, ?> col = table.getVisibleLeafColumns().stream()
                        .filter(c -> c.getText().equals(column)).findFirst()
                        .orElse(table.getVisibleLeafColumns().size() > 1 ? table.getVisibleLeafColumn(1) : null);
                table.getSelectionModel().clearSelection();
                if (col != null) {
                    table.getSelectionModel().select(i, col);
                    table.getFocusModel().focus(i, col);
                } else {
                    table.getSelectionModel().select(i);
                }
                table.scrollTo(Math.max(0, i - 3));
                table.requestFocus();
                return;
            }
        }
    }

    private TableRow<Row> draggableRow() {
        TableRow<Row> row = new TableRow<>();
        row.setOnDragDetected(e -> {
            if (row.isEmpty() || !table.getSortOrder().isEmpty()) return;
            var db = row.startDragAndDrop(TransferMode.MOVE);
            ClipboardContent c = new ClipboardContent();
            c.put(ROW_DRAG, String.join("\n", selectedIds().isEmpty() ? List.of(row.getItem().id()) : selectedIds()));
            db.setContent(c);
            e.consume();
        });
        row.setOnDragOver(e -> {
            if (e.getDragboard().hasContent(ROW_DRAG)) e.acceptTransferModes(TransferMode.MOVE);
        });
        row.setOnDragDropped(e -> {
            Object ids = e.getDragboard().getContent(ROW_DRAG);
            if (ids == null) return;
            List<String> moving = List.of(((String) ids).split("\n"));
            int target = row.isEmpty() ? vm.rows().size() : vm.indexOf(row.getItem().id());
            long before = moving.stream().filter(id -> vm.indexOf(id) < target).count();
            vm.moveRows(moving, (int) (target - before));
            e.setDropCompleted(true);
            selectById(moving);
        });
        return row;
    }

    public TableView<Row> table() {
        return table;
    }

    public DatasetViewModel viewModel() {
        return vm;
    }

    public void focusFilter() {
        filter.requestFocus();
    }
}
