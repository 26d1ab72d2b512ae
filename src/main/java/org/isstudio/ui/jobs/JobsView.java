package org.isstudio.ui.jobs;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;

/** The background jobs: what runs, how far along, its message, and a Cancel button per job. */
public final class JobsView extends BorderPane {

    public JobsView(JobRunner runner) {
        getStyleClass().add("jobs-view");
        TableView<Job> table = new TableView<>(runner.jobs());
        table.setId("jobsTable");
        table.setPlaceholder(new Label("Nothing is running."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        TableColumn<Job, String> title = new TableColumn<>("Job");
        title.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().title()));
        title.setPrefWidth(260);

        TableColumn<Job, Job> progress = new TableColumn<>("Progress");
        progress.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        progress.setPrefWidth(170);
        progress.setCellFactory(c -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();

            {
                bar.setMaxWidth(Double.MAX_VALUE);
            }

            @Override
            protected void updateItem(Job job, boolean empty) {
                super.updateItem(job, empty);
                bar.progressProperty().unbind();
                if (empty || job == null) {
                    setGraphic(null);
                    return;
                }
                bar.progressProperty().bind(job.progressProperty());
                setGraphic(bar);
            }
        });

        TableColumn<Job, String> state = new TableColumn<>("State");
        state.setCellValueFactory(c -> c.getValue().stateProperty().map(Job.State::label));
        state.setPrefWidth(90);

        TableColumn<Job, String> message = new TableColumn<>("Details");
        message.setCellValueFactory(c -> c.getValue().messageProperty());
        message.setPrefWidth(260);

        TableColumn<Job, Job> cancel = new TableColumn<>("");
        cancel.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        cancel.setPrefWidth(90);
        cancel.setCellFactory(c -> new TableCell<>() {
            private final Button button = new Button("Cancel");

            @Override
            protected void updateItem(Job job, boolean empty) {
                super.updateItem(job, empty);
                button.disableProperty().unbind();
                if (empty || job == null) {
                    setGraphic(null);
                    return;
                }
                button.setOnAction(e -> job.cancel());
                button.disableProperty().bind(job.stateProperty().map(Job.State::finished));
                setGraphic(button);
            }
        });
        table.getColumns().setAll(java.util.List.of(title, progress, state, message, cancel));
        setCenter(table);
        Button clear = new Button("Clear finished");
        clear.setOnAction(e -> runner.clearFinished());
        setTop(new ToolBar(clear));
    }
}
