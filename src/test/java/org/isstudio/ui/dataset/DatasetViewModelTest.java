package org.isstudio.ui.dataset;

import org.isstudio.model.Columns;
import org.isstudio.model.PartKind;
import org.isstudio.model.Row;
import org.isstudio.ui.project.PartKey;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.testing.Fakes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table's view model, without a window: every edit is one undo step and shows in the row list. */
class DatasetViewModelTest {

    private final ProjectSession session = new ProjectSession(Fakes.project(4));
    private final DatasetViewModel vm = new DatasetViewModel(session, new PartKey(PartKind.MAIN, 0));

    private List<String> prompts() {
        return vm.rows().stream().map(r -> r.get(Columns.PROMPT)).toList();
    }

    @Test
    void editingACellReplacesOnlyThatRowAndUndoRestoresIt() {
        Row untouched = vm.rows().get(1);
        vm.setCell("r0", Columns.PROMPT, "edited");
        assertEquals(List.of("edited", "q1", "q2", "q3"), prompts());
        assertSame(untouched, vm.rows().get(1), "other rows keep their identity (selection survives)");
        assertTrue(session.isDirty());
        assertEquals("Edit prompt", session.history().undoDescriptionProperty().get());

        session.undo();
        assertEquals(List.of("q0", "q1", "q2", "q3"), prompts());
        assertFalse(session.isDirty(), "undoing back to the saved state is clean again");
        session.redo();
        assertEquals("edited", vm.rows().getFirst().get(Columns.PROMPT));
    }

    @Test
    void clearingCellsAcrossRowsIsOneUndoStep() {
        vm.clearCells(java.util.Map.of("r1", java.util.Set.of(Columns.PROMPT), "r3", java.util.Set.of(Columns.PROMPT)));
        assertEquals(List.of("q0", "", "q2", ""), prompts());
        assertEquals("Clear 2 cells", session.history().undoDescriptionProperty().get());
        session.undo();
        assertEquals(List.of("q0", "q1", "q2", "q3"), prompts());
        assertFalse(session.history().canUndoProperty().get(), "one step undid the whole clear");
    }

    @Test
    void settingTheSameValueIsNoEdit() {
        vm.setCell("r2", Columns.PROMPT, "q2");
        assertFalse(session.history().canUndoProperty().get());
    }

    @Test
    void pasteOverwritesFromTheAnchorAndAppendsWhatDoesNotFit() {
        String clip = "A\t[' x', ' y']\nB\t[' x', ' y']\n\"C\nline\"\t[' z', ' w']\n";
        int changed = vm.paste(List.copyOf(vm.rows()), 2, 0, clip);
        assertEquals(3, changed);
        assertEquals(List.of("q0", "q1", "A", "B", "C\nline"), prompts());
        assertEquals("[' z', ' w']", vm.rows().get(4).get(Columns.CLASSES));
        assertEquals("", vm.rows().get(4).get(Columns.ANSWER_INDEX), "cells outside the block stay empty");
        assertEquals("0", vm.rows().get(2).get(Columns.ANSWER_INDEX), "cells outside the block are kept");

        session.undo();
        assertEquals(List.of("q0", "q1", "q2", "q3"), prompts(), "a paste is one undo step");
    }

    @Test
    void pasteFollowsTheVisibleOrderWhenSortedOrFiltered() {
        List<Row> visible = List.of(vm.rows().get(3), vm.rows().get(0));
        vm.paste(visible, 0, 0, "first\nsecond\n");
        assertEquals(List.of("second", "q1", "q2", "first"), prompts());
    }

    @Test
    void pasteWithAHeaderAppendsByColumnName() {
        String clip = "answer_index\tprompt\n1\tnew one\n0\tnew two\n";
        vm.paste(List.copyOf(vm.rows()), 0, 0, clip);
        assertEquals(List.of("q0", "q1", "q2", "q3", "new one", "new two"), prompts());
        assertEquals("1", vm.rows().get(4).get(Columns.ANSWER_INDEX));
        assertEquals(List.of(Columns.PROMPT, Columns.CLASSES, Columns.ANSWER_INDEX),
                List.copyOf(vm.rows().get(4).cells().keySet()), "new rows have the part's columns in order");
    }

    @Test
    void addDuplicateMoveAndDelete() {
        String added = vm.addRow("r1");
        assertEquals(List.of("q0", "q1", "", "q2", "q3"), prompts());
        vm.deleteRows(List.of(added));

        List<String> copies = vm.duplicateRows(List.of("r0", "r2"));
        assertEquals(List.of("q0", "q1", "q2", "q0", "q2", "q3"), prompts());
        assertEquals(2, copies.size());
        assertNotEquals("r0", copies.getFirst(), "a copy has its own identity");

        vm.moveRows(List.of("r3"), 0);
        assertEquals("q3", prompts().getFirst());
        vm.deleteRows(copies);
        assertEquals(List.of("q3", "q0", "q1", "q2"), prompts());
        assertEquals("Delete 2 rows", session.history().undoDescriptionProperty().get());
    }

    @Test
    void filterMatchesAnyCellCaseInsensitively() {
        vm.setCell("r1", Columns.PROMPT, "Find ME");
        vm.filterTextProperty().set("find me");
        assertEquals(List.of("r1"), vm.filteredRows().stream().map(Row::id).toList());
        vm.filterTextProperty().set("");
        assertEquals(4, vm.filteredRows().size());
        vm.setExtraFilter(r -> r.get(Columns.ANSWER_INDEX).equals("1"));
        assertEquals(List.of("r1", "r3"), vm.filteredRows().stream().map(Row::id).toList());
    }

    @Test
    void copyGivesSpreadsheetText() {
        String text = vm.copy(List.of(vm.rows().get(0), vm.rows().get(1)), List.of(Columns.PROMPT, Columns.ANSWER_INDEX));
        assertEquals("q0\t0\nq1\t1\n", text);
    }
}
