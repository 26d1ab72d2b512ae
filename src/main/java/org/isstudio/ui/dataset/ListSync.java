package org.isstudio.ui.dataset;

import javafx.collections.ObservableList;

import java.util.List;

/**
 * Brings an observable list in line with a new snapshot by replacing only the range that differs (compared
 * by identity, which is exact for immutable rows). An edit of one cell therefore reaches the table as the
 * replacement of one row, and selection, focus and scroll position survive edits and undo.
 */
final class ListSync {

    private ListSync() {
    }

    static <T> void sync(ObservableList<T> target, List<T> source) {
        int oldSize = target.size();
        int newSize = source.size();
        int prefix = 0;
        int max = Math.min(oldSize, newSize);
        while (prefix < max && target.get(prefix) == source.get(prefix)) prefix++;
        if (prefix == oldSize && prefix == newSize) return;
        int suffix = 0;
        while (suffix < max - prefix
                && target.get(oldSize - 1 - suffix) == source.get(newSize - 1 - suffix)) suffix++;
        List<T> middle = source.subList(prefix, newSize - suffix);
        int oldEnd = oldSize - suffix;
        if (oldEnd - prefix == middle.size()) {
            // same length: set element by element, which TableView treats as in-place updates
            for (int i = 0; i < middle.size(); i++) {
                if (target.get(prefix + i) != middle.get(i)) target.set(prefix + i, middle.get(i));
            }
        } else if (oldEnd == prefix) {
            target.addAll(prefix, middle);
        } else if (middle.isEmpty()) {
            target.remove(prefix, oldEnd);
        } else {
            target.subList(prefix, oldEnd).clear();
            target.addAll(prefix, middle);
        }
    }
}
