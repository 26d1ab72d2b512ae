package org.isstudio.ui.undo;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UndoHistoryTest {

    @Test
    void undoAndRedoWalkTheSnapshots() {
        UndoHistory<String> h = new UndoHistory<>(10);
        h.record("first", null, "a", "b");
        h.record("second", null, "b", "c");
        assertEquals("second", h.undoDescriptionProperty().get());
        assertEquals("b", h.undo());
        assertEquals("a", h.undo());
        assertFalse(h.canUndoProperty().get());
        assertEquals("first", h.redoDescriptionProperty().get());
        assertEquals("b", h.redo());
        assertTrue(h.canRedoProperty().get());
    }

    @Test
    void aNewEditClearsRedo() {
        UndoHistory<String> h = new UndoHistory<>(10);
        h.record("x", null, "a", "b");
        h.undo();
        h.record("y", null, "a", "c");
        assertFalse(h.canRedoProperty().get());
        assertEquals("a", h.undo());
    }

    @Test
    void typingInOneFieldIsOneStepUntilSealed() {
        UndoHistory<String> h = new UndoHistory<>(10);
        h.record("type", "field", "", "h");
        h.record("type", "field", "h", "he");
        h.record("type", "field", "he", "hey");
        assertEquals("", h.undo());
        assertFalse(h.canUndoProperty().get());

        h.redo();
        h.seal();
        h.record("type", "field", "hey", "hey!");
        assertEquals("hey", h.undo());
    }

    @Test
    void theOldestStepsFallOffAtTheLimit() {
        UndoHistory<Integer> h = new UndoHistory<>(2);
        Integer a = 1000, b = 1001, c = 1002, d = 1003;
        h.record("1", null, a, b);
        h.record("2", null, b, c);
        h.record("3", null, c, d);
        assertEquals(c, h.undo());
        assertEquals(b, h.undo());
        assertFalse(h.canUndoProperty().get());
    }
}
