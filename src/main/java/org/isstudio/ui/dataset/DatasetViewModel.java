package org.isstudio.ui.dataset;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.isstudio.model.Row;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.ui.project.PartKey;
import org.isstudio.ui.project.ProjectSession;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The rows of one part as the table shows them, and every edit the table can make, each one undoable step of
 * the {@link ProjectSession}. Rows are the immutable {@link Row} records of the project itself; the list
 * follows the project through {@link ListSync}, so undo, redo and edits made elsewhere show up here too.
 */
public final class DatasetViewModel {

    private final ProjectSession session;
    private final PartKey key;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    // made once: the read-only wrapper forwards changes through a weak listener, so a wrapper made per call
    // stops notifying once the caller drops it and it is garbage collected
    private final ObservableList<Row> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<String> columns = FXCollections.observableArrayList();
    // made once: the read-only wrapper forwards changes through a weak listener, so a wrapper made per call
    // stops notifying once the caller drops it and it is garbage collected
    private final ObservableList<String> columnsView = FXCollections.unmodifiableObservableList(columns);
    private final FilteredList<Row> filtered = new FilteredList<>(rows);
    private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");
    private final ReadOnlyIntegerWrapper rowCount = new ReadOnlyIntegerWrapper(this, "rowCount");
    private final ChangeListener<TaskProject> projectListener = (obs, old, now) -> sync(now);
    private Predicate<Row> extraFilter = r -> true;
    /** Row id to position, rebuilt lazily after the rows change (the "#" column asks for every visible row). */
    private Map<String, Integer> positions;

    public DatasetViewModel(ProjectSession session, PartKey key) {
        this.session = session;
        this.key = key;
        sync(session.project());
        session.projectProperty().addListener(new WeakChangeListener<>(projectListener));
        filterText.addListener((obs, old, now) -> refilter());
    }

    private void sync(TaskProject p) {
        TaskPart part = p.parts().stream().filter(key::matches).findFirst().orElse(null);
        if (part == null) {
            rows.clear();
            columns.clear();
        } else {
            if (!columns.equals(part.columns())) columns.setAll(part.columns());
            ListSync.sync(rows, part.rows());
        }
        positions = null;
        rowCount.set(rows.size());
    }

    /** Restricts the rows shown by a condition besides the search text (e.g. "rows with problems"). */
    public void setExtraFilter(Predicate<Row> filter) {
        extraFilter = filter == null ? r -> true : filter;
        refilter();
    }

    private void refilter() {
        String needle = filterText.get() == null ? "" : filterText.get().toLowerCase(Locale.ROOT);
        Predicate<Row> extra = extraFilter;
        filtered.setPredicate(r -> extra.test(r) && (needle.isEmpty() || matches(r, needle)));
    }

    private static boolean matches(Row r, String needle) {
        for (String v : r.cells().values()) {
            if (v.toLowerCase(Locale.ROOT).contains(needle)) return true;
        }
        return false;
    }

    public void setCell(String rowId, String column, String value) {
        session.editPart(key, "Edit " + column, part -> {
            List<Row> list = new ArrayList<>(part.rows());
            int i = indexOf(list, rowId);
            if (list.get(i).get(column).equals(value) && list.get(i).has(column)) return part;
            list.set(i, list.get(i).with(column, value));
            return part.withRows(list);
        });
    }

    /** Empties the given cells (row id to its columns) as one step, however many rows the selection spans. */
    public void clearCells(Map<String, Set<String>> cells) {
        int count = cells.values().stream().mapToInt(Set::size).sum();
        if (count == 0) return;
        session.editPart(key, count == 1 ? "Clear cell" : "Clear " + count + " cells", part -> {
            List<Row> list = new ArrayList<>(part.rows());
            boolean changed = false;
            for (Map.Entry<String, Set<String>> e : cells.entrySet()) {
                int i = indexOf(list, e.getKey());
                Row r = list.get(i);
                for (String column : e.getValue()) r = r.with(column, "");
                if (!r.cells().equals(list.get(i).cells())) {
                    list.set(i, r);
                    changed = true;
                }
            }
            return changed ? part.withRows(list) : part;
        });
    }

    /** Sets several cells of one row as one step (the classes editor sets classes and answer_index together). */
    public void setCells(String rowId, Map<String, String> values, String description) {
        session.editPart(key, description, part -> {
            List<Row> list = new ArrayList<>(part.rows());
            int i = indexOf(list, rowId);
            Row r = list.get(i);
            for (Map.Entry<String, String> e : values.entrySet()) r = r.with(e.getKey(), e.getValue());
            if (r.cells().equals(list.get(i).cells())) return part;
            list.set(i, r);
            return part.withRows(list);
        });
    }

    /** Adds an empty row after {@code afterRowId} (at the end when null) and returns its id. */
    public String addRow(String afterRowId) {
        Row blank = blankRow(session.part(key).columns());
        session.editPart(key, "Add row", part -> {
            List<Row> list = new ArrayList<>(part.rows());
            list.add(afterRowId == null ? list.size() : indexOf(list, afterRowId) + 1, blank);
            return part.withRows(list);
        });
        return blank.id();
    }

    public void deleteRows(Collection<String> ids) {
        if (ids.isEmpty()) return;
        Set<String> gone = new HashSet<>(ids);
        session.editPart(key, ids.size() == 1 ? "Delete row" : "Delete " + ids.size() + " rows", part ->
                part.withRows(part.rows().stream().filter(r -> !gone.contains(r.id())).toList()));
    }

    /** Inserts a copy of each row right after the last of them; returns the copies' ids, in order. */
    public List<String> duplicateRows(List<String> ids) {
        if (ids.isEmpty()) return List.of();
        List<String> fresh = new ArrayList<>();
        session.editPart(key, ids.size() == 1 ? "Duplicate row" : "Duplicate " + ids.size() + " rows", part -> {
            List<Row> list = new ArrayList<>(part.rows());
            Set<String> wanted = new HashSet<>(ids);
            List<Row> copies = new ArrayList<>();
            int last = -1;
            for (int i = 0; i < list.size(); i++) {
                if (wanted.contains(list.get(i).id())) {
                    Row copy = new Row(RowIds.fresh(), list.get(i).cells());
                    copies.add(copy);
                    fresh.add(copy.id());
                    last = i;
                }
            }
            list.addAll(last + 1, copies);
            return part.withRows(list);
        });
        return fresh;
    }

    /**
     * Moves the rows (kept in their current relative order) so that they start at {@code targetIndex} of the
     * list as it is without them: drag and drop, and Alt+Up/Down.
     */
    public void moveRows(List<String> ids, int targetIndex) {
        if (ids.isEmpty()) return;
        session.editPart(key, ids.size() == 1 ? "Move row" : "Move " + ids.size() + " rows", part -> {
            Set<String> moving = new HashSet<>(ids);
            List<Row> moved = part.rows().stream().filter(r -> moving.contains(r.id())).toList();
            List<Row> rest = new ArrayList<>(part.rows().stream().filter(r -> !moving.contains(r.id())).toList());
            int at = Math.max(0, Math.min(targetIndex, rest.size()));
            rest.addAll(at, moved);
            return rest.equals(part.rows()) ? part : part.withRows(rest);
        });
    }

    /** The rows' cells in the given columns as spreadsheet clipboard text. */
    public String copy(List<Row> selected, List<String> cols) {
        List<List<String>> out = new ArrayList<>();
        for (Row r : selected) out.add(cols.stream().map(r::get).toList());
        return Tsv.format(out);
    }

    /**
     * Pastes clipboard text. When its first line names the part's columns (a block copied with its header
     * from a spreadsheet, or a CSV opened in one), the rows are appended by column name. Otherwise the block
     * overwrites cells from the anchor, down the rows in the order {@code visible} shows them and across the
     * part's columns from {@code anchorColumn}; lines beyond the last visible row become new rows.
     *
     * @return how many rows were changed or added
     */
    public int paste(List<Row> visible, int anchorRow, int anchorColumn, String text) {
        List<List<String>> block = Tsv.parse(text);
        if (block.isEmpty()) return 0;
        List<String> cols = session.part(key).columns();
        List<String> header = block.getFirst();
        if (header.size() > 1 && cols.containsAll(header) && new HashSet<>(header).size() == header.size()) {
            return appendByHeader(header, block.subList(1, block.size()));
        }
        int[] count = {0};
        session.editPart(key, "Paste " + block.size() + (block.size() == 1 ? " row" : " rows"), part -> {
            List<Row> list = new ArrayList<>(part.rows());
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int i = 0; i < list.size(); i++) index.put(list.get(i).id(), i);
            for (int b = 0; b < block.size(); b++) {
                int v = anchorRow + b;
                Row target = v < visible.size() ? list.get(index.get(visible.get(v).id())) : blankRow(cols);
                for (int c = 0; c < block.get(b).size() && anchorColumn + c < cols.size(); c++) {
                    target = target.with(cols.get(anchorColumn + c), block.get(b).get(c));
                }
                if (v < visible.size()) list.set(index.get(target.id()), target);
                else list.add(target);
                count[0]++;
            }
            return part.withRows(list);
        });
        return count[0];
    }

    private int appendByHeader(List<String> header, List<List<String>> body) {
        if (body.isEmpty()) return 0;
        session.editPart(key, "Paste " + body.size() + (body.size() == 1 ? " row" : " rows"), part -> {
            List<Row> list = new ArrayList<>(part.rows());
            for (List<String> line : body) {
                Row r = blankRow(part.columns());
                for (int c = 0; c < header.size() && c < line.size(); c++) r = r.with(header.get(c), line.get(c));
                list.add(r);
            }
            return part.withRows(list);
        });
        return body.size();
    }

    private static Row blankRow(List<String> cols) {
        Map<String, String> cells = new LinkedHashMap<>();
        for (String c : cols) cells.put(c, "");
        return new Row(RowIds.fresh(), cells);
    }

    private static int indexOf(List<Row> list, String rowId) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id().equals(rowId)) return i;
        }
        throw new IllegalArgumentException("no row with id " + rowId);
    }

    /** The position of a row in the part (its line in the CSV is this + 2, after the header), or -1. */
    public int indexOf(String rowId) {
        if (positions == null) {
            positions = new java.util.HashMap<>();
            for (int i = 0; i < rows.size(); i++) positions.put(rows.get(i).id(), i);
        }
        return positions.getOrDefault(rowId, -1);
    }

    public PartKey key() {
        return key;
    }

    public ObservableList<Row> rows() {
        return rowsView;
    }

    public FilteredList<Row> filteredRows() {
        return filtered;
    }

    public ObservableList<String> columns() {
        return columnsView;
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    public ReadOnlyIntegerProperty rowCountProperty() {
        return rowCount.getReadOnlyProperty();
    }
}
