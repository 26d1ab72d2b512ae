package org.isstudio.ui.dataset;

/**
 * A table cell that shows something about its row besides the row's own text: a score, a slope, a validation
 * marker. When scores arrive or the validator finishes, the view asks only the cells on screen to show again,
 * instead of {@code TableView.refresh()}, which throws every cell away and builds and styles new ones (a
 * stall of a tenth of a second and more at every batch of scores).
 */
interface LiveCell {

    /** What changed: the scores, or the validator's problems. */
    enum Source {
        SCORES, PROBLEMS
    }

    /** Shows again what {@code changed} now says about the cell's row, if the cell shows it. FX thread. */
    void showDerived(Source changed);

    /** Adds or removes a style class, touching the list (and so the cell's CSS) only when that changes something. */
    static void mark(javafx.scene.Node node, String styleClass, boolean on) {
        if (!on) node.getStyleClass().remove(styleClass);
        else if (!node.getStyleClass().contains(styleClass)) node.getStyleClass().add(styleClass);
    }
}
