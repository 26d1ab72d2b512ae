package org.isstudio.ui.dataset;

/**
 * A table cell that shows something about its row besides the row's own text: a score, a slope, a validation
 * marker. When scores arrive or the validator finishes, the view asks only the cells on screen to show again,
 * instead of {@code TableView.refresh()}, which throws every cell away and builds and styles new ones (a
 * stall of a tenth of a second and more at every batch of scores).
 */
interface LiveCell {

    /** Shows again what the score board and the validator now say about the cell's row. FX thread. */
    void showDerived();
}
