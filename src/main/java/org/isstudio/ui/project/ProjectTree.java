package org.isstudio.ui.project;

import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import org.isstudio.model.PartKind;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The project as a tree: the task, its form answers, and each part and control set with its file name and row
 * count. Its context menu adds and removes parts. Selecting a node opens it in the editor area.
 */
public final class ProjectTree extends TreeView<ProjectTree.Node> {

    /** What a tree node stands for. */
    public sealed interface Node {
    }

    public record TaskNode() implements Node {
    }

    public record FormNode() implements Node {
    }

    public record PartNode(PartKey key) implements Node {
    }

    private final ProjectSession session;
    private final Function<PartKey, String> badge;

    /** @param badge a short problem summary per part ("2 errors"), or "" */
    public ProjectTree(ProjectSession session, Function<PartKey, String> badge, Consumer<Node> onSelect) {
        this.session = session;
        this.badge = badge;
        setId("projectTree");
        getStyleClass().add("project-tree");
        setShowRoot(true);
        setCellFactory(t -> new NodeCell());
        session.projectProperty().addListener((obs, o, p) -> rebuild(p));
        getSelectionModel().selectedItemProperty().addListener((obs, o, item) -> {
            if (item != null) onSelect.accept(item.getValue());
        });
        rebuild(session.project());
    }

    /** Rebuilds the nodes while keeping the selection on the same part. */
    public void rebuild(TaskProject p) {
        Node selected = getSelectionModel().getSelectedItem() == null ? null : getSelectionModel().getSelectedItem().getValue();
        TreeItem<Node> root = new TreeItem<>(new TaskNode());
        root.setExpanded(true);
        root.getChildren().add(new TreeItem<>(new FormNode()));
        for (TaskPart part : p.parts()) root.getChildren().add(new TreeItem<>(new PartNode(PartKey.of(part))));
        setRoot(root);
        select(selected != null && contains(root, selected) ? selected
                : p.parts().isEmpty() ? new FormNode() : new PartNode(PartKey.of(p.parts().getFirst())));
    }

    private static boolean contains(TreeItem<Node> root, Node n) {
        return root.getChildren().stream().anyMatch(i -> i.getValue().equals(n));
    }

    public void select(Node n) {
        for (TreeItem<Node> item : getRoot().getChildren()) {
            if (item.getValue().equals(n)) {
                getSelectionModel().select(item);
                return;
            }
        }
    }

    /** Refreshes the badges (after validation). */
    public void refreshBadges() {
        refresh();
    }

    private final class NodeCell extends TreeCell<Node> {
        /**
         * The menu is made when asked for: the tree redraws its cells at every validation of every edit, and a
         * context menu made per cell and redraw was a good part of the time an edit held the window up.
         */
        NodeCell() {
            setOnContextMenuRequested(e -> {
                ContextMenu menu = switch (getItem()) {
                    case TaskNode t -> partsMenu(null);
                    case PartNode pn -> partsMenu(pn.key());
                    case null, default -> null;
                };
                if (menu == null || isEmpty()) return;
                menu.show(this, e.getScreenX(), e.getScreenY());
                e.consume();
            });
        }

        @Override
        protected void updateItem(Node n, boolean empty) {
            super.updateItem(n, empty);
            getStyleClass().removeAll("tree-task", "tree-part", "tree-form", "tree-control");
            if (empty || n == null) {
                setText(null);
                return;
            }
            TaskProject p = session.project();
            switch (n) {
                case TaskNode t -> {
                    setText(p.name());
                    getStyleClass().add("tree-task");
                }
                case FormNode f -> {
                    setText("Form answers");
                    getStyleClass().add("tree-form");
                }
                case PartNode pn -> {
                    TaskPart part = p.parts().stream().filter(pn.key()::matches).findFirst().orElse(null);
                    if (part == null) {
                        setText(pn.key().label());
                        return;
                    }
                    String b = badge.apply(pn.key());
                    setText(pn.key().label() + " · " + part.rows().size() + " rows" + (b.isEmpty() ? "" : " · " + b)
                            + "\n" + part.fileStem(p.name()) + ".csv · " + part.taskType());
                    getStyleClass().add(part.kind() == PartKind.CONTROL ? "tree-control" : "tree-part");
                }
            }
        }
    }

    private ContextMenu partsMenu(PartKey on) {
        MenuItem addPart = new MenuItem("Add part");
        addPart.setOnAction(e -> addPart(PartKind.PART));
        MenuItem addControl = new MenuItem("Add control set");
        addControl.setOnAction(e -> addPart(PartKind.CONTROL));
        ContextMenu menu = new ContextMenu(addPart, addControl);
        if (on != null && session.project().parts().size() > 1) {
            MenuItem remove = new MenuItem("Remove " + on.label());
            remove.setOnAction(e -> session.edit("Remove " + on.label(), p -> p.withParts(
                    p.parts().stream().filter(x -> !on.matches(x)).toList())));
            menu.getItems().addAll(new SeparatorMenuItem(), remove);
        }
        return menu;
    }

    /**
     * Adds an empty part or control set with the columns and metric of the first part. A task with several
     * parts names every file {@code -PART<i>} (prize spec §7.2), so adding a second part turns the main file
     * into part 1.
     */
    public void addPart(PartKind kind) {
        session.edit(kind == PartKind.CONTROL ? "Add control set" : "Add part", p -> {
            List<TaskPart> parts = new ArrayList<>();
            TaskPart template = p.parts().isEmpty() ? null : p.parts().getFirst();
            int next = 1;
            for (TaskPart part : p.parts()) {
                if (kind == PartKind.PART && part.kind() == PartKind.MAIN) {
                    part = new TaskPart(PartKind.PART, 1, part.taskType(), part.columns(), part.rows(), part.template());
                }
                if (part.kind() == kind) next = Math.max(next, part.number() + 1);
                parts.add(part);
            }
            if (template == null) return p;
            parts.add(new TaskPart(kind, next, template.taskType(), template.columns(), List.of(), null));
            return p.withParts(parts);
        });
    }
}
