package org.isstudio.ui.models;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.isstudio.ui.jobs.JobRunner;
import org.isstudio.ui.run.ModelStatus;
import org.isstudio.ui.run.ScoringViewModel;
import org.isstudio.ui.services.ModelInfo;
import org.isstudio.ui.services.ModelState;
import org.isstudio.ui.services.ModelSeries;
import org.isstudio.ui.services.ScoringService;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Choosing what to score on: a series from the catalog (the shipped demo series works offline), or single
 * models added by folder, Hub id or server; then Score, Pause and Stop, and each model's state as it is
 * downloaded, loaded and scored.
 */
public final class ModelsView extends BorderPane {

    private final ScoringViewModel vm;
    private final ObservableList<ModelInfo> extra = FXCollections.observableArrayList();
    private final Label note = new Label();

    public ModelsView(ScoringViewModel vm, ScoringService service, JobRunner jobs, Consumer<Throwable> onError) {
        this.vm = vm;
        getStyleClass().add("models-view");
        ComboBox<ModelSeries> series = new ComboBox<>(vm.catalog());
        series.setId("seriesChoice");
        series.valueProperty().bindBidirectional(vm.seriesProperty());
        series.setMaxWidth(Double.MAX_VALUE);
        series.setCellFactory(l -> new SeriesCell());
        series.setButtonCell(new SeriesCell());
        HBox.setHgrow(series, Priority.ALWAYS);
        note.getStyleClass().add("muted");
        note.setWrapText(true);
        vm.seriesProperty().addListener((obs, o, s) -> showNote(s));
        showNote(vm.seriesProperty().get());

        Button score = new Button("Score");
        score.setId("scoreButton");
        score.getStyleClass().add("accent");
        score.setTooltip(new Tooltip("Score every row on the chosen models (F5)"));
        score.setOnAction(e -> start());
        Button pause = new Button("Pause");
        pause.setId("pauseButton");
        pause.disableProperty().bind(vm.runningProperty().not());
        pause.textProperty().bind(vm.pausedProperty().map(p -> p ? "Resume" : "Pause"));
        pause.setOnAction(e -> {
            if (vm.pausedProperty().get()) vm.resume();
            else vm.pause();
        });
        Button stop = new Button("Stop");
        stop.setId("stopButton");
        stop.disableProperty().bind(vm.runningProperty().not());
        stop.setOnAction(e -> vm.stop());
        for (Button b : List.of(score, pause, stop)) b.setMinWidth(Region.USE_PREF_SIZE);
        series.setPrefWidth(200);
        HBox top = new HBox(6, series, score, pause, stop);
        top.setAlignment(Pos.CENTER_LEFT);

        TextField reference = new TextField();
        reference.setPromptText("Add a model: Hub id (EleutherAI/pythia-70m), folder, server (vllm+http://host:8000/v1#MODEL) or openai:davinci-002");
        reference.setId("modelReference");
        HBox.setHgrow(reference, Priority.ALWAYS);
        Button add = new Button("Add");
        Button browse = new Button("Folder…");
        Runnable resolve = () -> {
            String ref = reference.getText().strip();
            if (ref.isEmpty()) return;
            jobs.submit("Checking model " + ref, ctx -> service.resolve(ref), m -> {
                extra.add(m);
                reference.clear();
            }, onError);
        };
        add.setOnAction(e -> resolve.run());
        reference.setOnAction(e -> resolve.run());
        browse.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("A model folder (config.json, tokenizer.json, *.safetensors)");
            var dir = chooser.showDialog(getScene() == null ? null : getScene().getWindow());
            if (dir != null) {
                reference.setText(dir.getAbsolutePath());
                resolve.run();
            }
        });
        Label extraLabel = new Label();
        extraLabel.getStyleClass().add("muted");
        extra.addListener((javafx.collections.ListChangeListener<ModelInfo>) c -> extraLabel.setText(extra.isEmpty() ? ""
                : "Also scored: " + String.join(", ", extra.stream().map(ModelInfo::name).toList())));
        HBox addRow = new HBox(6, reference, add, browse);
        addRow.setAlignment(Pos.CENTER_LEFT);

        VBox header = new VBox(6, top, note, addRow, extraLabel);
        header.setPadding(new Insets(8));
        setTop(header);
        setCenter(statusTable());
    }

    private void showNote(ModelSeries s) {
        note.setText(s == null ? "No model series available." : s.description() + (s.available() ? "" : " — " + s.note()));
    }

    /** Scores the chosen series plus any single models added. */
    public void start() {
        List<ModelInfo> models = new ArrayList<>();
        ModelSeries s = vm.seriesProperty().get();
        if (s != null) models.addAll(s.members());
        models.addAll(extra);
        if (!models.isEmpty()) vm.start(models);
    }

    private TableView<ModelStatus> statusTable() {
        TableView<ModelStatus> table = new TableView<>(vm.statuses());
        table.setId("modelsTable");
        table.setPlaceholder(new Label("Press Score to evaluate the task on the chosen models."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ModelStatus, String> name = new TableColumn<>("Model");
        name.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().model().name()));
        name.setPrefWidth(140);
        TableColumn<ModelStatus, String> size = new TableColumn<>("Parameters");
        size.setCellValueFactory(c -> new ReadOnlyStringWrapper(humanCount(c.getValue().model().parameters())));
        size.setPrefWidth(90);
        size.getStyleClass().add("numeric");
        TableColumn<ModelStatus, String> state = new TableColumn<>("State");
        state.setCellValueFactory(c -> c.getValue().stateProperty().map(s -> s.label()));
        state.setPrefWidth(110);
        state.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String label, boolean empty) {
                super.updateItem(label, empty);
                setText(empty ? null : label);
                boolean trouble = !empty && (ModelState.TOO_BIG.label().equals(label) || ModelState.FAILED.label().equals(label));
                getStyleClass().remove("error-text");
                if (trouble) getStyleClass().add("error-text");
            }
        });
        TableColumn<ModelStatus, ModelStatus> progress = new TableColumn<>("Progress");
        progress.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        progress.setPrefWidth(130);
        progress.setCellFactory(c -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();

            {
                bar.setMaxWidth(Double.MAX_VALUE);
            }

            @Override
            protected void updateItem(ModelStatus s, boolean empty) {
                super.updateItem(s, empty);
                bar.progressProperty().unbind();
                if (empty || s == null) {
                    setGraphic(null);
                    return;
                }
                bar.progressProperty().bind(s.fractionProperty());
                setGraphic(bar);
            }
        });
        TableColumn<ModelStatus, String> detail = new TableColumn<>("Details");
        detail.setCellValueFactory(c -> c.getValue().detailProperty());
        detail.setPrefWidth(200);
        detail.setCellFactory(c -> new TableCell<>() {
            // a size warning or an error is longer than the column: the tooltip has all of it
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null || text.isEmpty() ? null : new Tooltip(text));
            }
        });
        table.getColumns().setAll(List.of(name, size, state, progress, detail));
        return table;
    }

    /** 124000000 → "124M", 1500000000 → "1.5B". */
    public static String humanCount(long n) {
        if (n >= 1_000_000_000L) return trim(n / 1e9) + "B";
        if (n >= 1_000_000L) return trim(n / 1e6) + "M";
        if (n >= 1_000L) return trim(n / 1e3) + "K";
        return Long.toString(n);
    }

    private static String trim(double v) {
        return v >= 100 ? String.format(java.util.Locale.ROOT, "%.0f", v)
                : String.format(java.util.Locale.ROOT, "%.3g", v).replaceAll("\\.?0+$", "");
    }

    private static final class SeriesCell extends ListCell<ModelSeries> {
        @Override
        protected void updateItem(ModelSeries s, boolean empty) {
            super.updateItem(s, empty);
            if (empty || s == null) {
                setText(null);
                return;
            }
            setText(s.name() + " · " + s.members().size() + " models" + (s.available() ? "" : " (" + s.note() + ")"));
        }
    }
}
