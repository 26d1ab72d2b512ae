package org.isstudio.ui;

import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.isstudio.model.Diagnostic;
import org.isstudio.model.PartKind;
import org.isstudio.model.Severity;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;
import org.isstudio.ui.chart.ScalingChartView;
import org.isstudio.ui.chart.ScalingChartViewModel;
import org.isstudio.ui.dataset.DatasetView;
import org.isstudio.ui.dataset.DatasetViewModel;
import org.isstudio.ui.export.ExportDialog;
import org.isstudio.ui.form.FormView;
import org.isstudio.ui.jobs.Job;
import org.isstudio.ui.jobs.JobRunner;
import org.isstudio.ui.jobs.JobsView;
import org.isstudio.ui.models.ModelsView;
import org.isstudio.ui.project.PartKey;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.project.ProjectTree;
import org.isstudio.ui.run.ScoreBoard;
import org.isstudio.ui.run.ScoringViewModel;
import org.isstudio.ui.services.ProjectFiles;
import org.isstudio.ui.settings.Recovery;
import org.isstudio.ui.settings.Settings;
import org.isstudio.ui.stats.FewShotScorer;
import org.isstudio.ui.stats.FewShotViewModel;
import org.isstudio.ui.stats.StatisticsView;
import org.isstudio.ui.template.TemplateView;
import org.isstudio.ui.template.TemplateViewModel;
import org.isstudio.ui.validation.ValidationView;
import org.isstudio.ui.validation.ValidationViewModel;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The main window: the project tree on the left; the selected part's rows and template (or the form answers)
 * in the middle over the problems, jobs and statistics; the scaling chart over the models panel on the right.
 * Owns the file commands (new, open, recent, import, save, export), autosave and the first-run flow.
 */
public final class MainWindow {

    private static final Duration AUTOSAVE_EVERY = Duration.seconds(30);

    private final Stage stage;
    private final AppContext ctx;
    private final Executor worker;
    private final Settings settings;
    private final Recovery recovery;
    /** The state the last crash-recovery copy holds, so an unchanged project is not written again. */
    private TaskProject autosaved;
    private final ProjectSession session;
    private final JobRunner jobs;
    private final ScoreBoard board = new ScoreBoard();
    private final ScoringViewModel scoring;
    private final ValidationViewModel validation;
    private final ScalingChartViewModel chartVm;
    private final ScalingChartView chartView;
    private final ModelsView modelsView;
    private final ProjectTree tree;
    private final Map<PartKey, PartEditors> editors = new HashMap<>();
    private final StackPane editorArea = new StackPane();
    private final FormView formView;
    private final BorderPane root = new BorderPane();
    private final Label status = new Label();
    private final Menu recentMenu = new Menu("Open Recent");
    private final VBox welcome;
    private PartKey currentPart;

    /** One part's editors, made when the part is first shown. */
    private record PartEditors(TabPane tabs, DatasetView dataset, TemplateViewModel template) {
    }

    public MainWindow(Stage stage, AppContext ctx, Executor worker) {
        this.stage = stage;
        this.ctx = ctx;
        this.worker = worker;
        this.settings = Settings.load(ctx.configDir().resolve("desktop.json"));
        this.recovery = new Recovery(ctx.configDir().resolve("recovery"), ctx.files());
        Executor fx = Platform::runLater;
        this.jobs = new JobRunner(worker, fx);
        this.session = new ProjectSession(ctx.files().blank("untitled-task", TaskType.CLASSIFICATION));
        this.scoring = new ScoringViewModel(ctx.scoring(), session, board, jobs, fx);
        this.validation = new ValidationViewModel(ctx.checks(), session, worker, fx);
        this.chartVm = new ScalingChartViewModel(session, board, this::classCount, worker, fx);
        this.chartView = new ScalingChartView(chartVm);
        this.modelsView = new ModelsView(scoring, ctx.scoring(), jobs, this::showError);
        this.formView = new FormView(session);
        this.tree = new ProjectTree(session, this::badge, this::showNode);
        validation.revisionProperty().addListener((obs, o, n) -> tree.refreshBadges());
        this.welcome = welcomePanel();

        root.setTop(new VBox(menuBar(), welcome));
        root.setCenter(layout());
        root.setBottom(statusBar());
        // laid out for 1366x800; a smaller screen (a 1366x768 laptop) gets the window maximized, never cut off
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        boolean smallScreen = screen.getWidth() <= 1366 || screen.getHeight() <= 800;
        Scene scene = new Scene(root, Math.min(1366, screen.getWidth()), Math.min(800, screen.getHeight()));
        Theme.apply(scene, settings.dark());
        chartView.darkProperty().set(settings.dark());
        stage.setScene(scene);
        stage.setMaximized(smallScreen);
        stage.titleProperty().bind(Bindings.createStringBinding(this::title, session.projectProperty(),
                session.dirtyProperty(), session.fileProperty()));
        stage.setOnCloseRequest(e -> {
            if (!confirmDiscard("closing")) e.consume();
            else shutdown();
        });
        showNode(new ProjectTree.FormNode());
        tree.rebuild(session.project());
        startAutosave();
    }

    private int classCount(String literal) {
        try {
            return ctx.classes().parse(literal).size();
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    private String title() {
        Path f = session.fileProperty().get();
        return (session.isDirty() ? "• " : "") + session.project().name()
                + (f == null ? "" : " — " + f.getFileName()) + " — Inverse Scaling Studio";
    }

    // ---- layout

    private SplitPane layout() {
        TabPane bottom = new TabPane();
        bottom.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        ValidationView problems = new ValidationView(validation, this::reveal);
        Tab problemsTab = new Tab("Problems", problems);
        problemsTab.textProperty().bind(Bindings.createStringBinding(
                () -> "Problems · " + ValidationView.summary(validation.errorsProperty().get(), validation.warningsProperty().get()),
                validation.errorsProperty(), validation.warningsProperty()));
        Tab jobsTab = new Tab("Jobs", new JobsView(jobs));
        jobsTab.textProperty().bind(jobs.activeProperty().map(n -> n.intValue() == 0 ? "Jobs" : "Jobs · " + n));
        StatisticsView statistics = new StatisticsView(chartVm, board, session,
                new FewShotViewModel(session, board.models(), jobs, ctx.scoring() instanceof FewShotScorer f ? f : null),
                worker, Platform::runLater);
        Tab statsTab = new Tab("Statistics", statistics);
        statistics.showingProperty().bind(statsTab.selectedProperty());
        bottom.getTabs().addAll(problemsTab, statsTab, jobsTab);

        SplitPane center = new SplitPane(editorArea, bottom);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.72);

        SplitPane right = new SplitPane(chartView, modelsView);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.62);

        SplitPane main = new SplitPane(tree, center, right);
        main.setDividerPositions(0.14, 0.66);
        SplitPane.setResizableWithParent(tree, false);
        return main;
    }

    private void showNode(ProjectTree.Node n) {
        switch (n) {
            case ProjectTree.PartNode p -> showPart(p.key());
            case ProjectTree.FormNode f -> editorArea.getChildren().setAll(formView);
            case ProjectTree.TaskNode t -> editorArea.getChildren().setAll(formView);
        }
    }

    private void showPart(PartKey key) {
        if (session.project().parts().stream().noneMatch(key::matches)) return;
        currentPart = key;
        PartEditors e = editors.computeIfAbsent(key, this::makeEditors);
        editorArea.getChildren().setAll(e.tabs());
    }

    private PartEditors makeEditors(PartKey key) {
        DatasetViewModel vm = new DatasetViewModel(session, key);
        DatasetView dataset = new DatasetView(vm, board, validation, ctx.classes());
        TemplateViewModel template = new TemplateViewModel(session, key, ctx.preview());
        dataset.table().getSelectionModel().selectedItemProperty().addListener((obs, o, r) -> {
            if (r != null) template.previewRowProperty().set(r);
        });
        TabPane tabs = new TabPane(new Tab("Rows", dataset), new Tab("Template & preview", new TemplateView(template)));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStyleClass().add("editor-tabs");
        return new PartEditors(tabs, dataset, template);
    }

    private String badge(PartKey key) {
        long errors = validation.problems().stream()
                .filter(l -> key.equals(l.part()) && l.diagnostic().severity() == Severity.ERROR).count();
        long warnings = validation.problems().stream()
                .filter(l -> key.equals(l.part()) && l.diagnostic().severity() == Severity.WARNING).count();
        if (errors > 0) return errors + (errors == 1 ? " error" : " errors");
        if (warnings > 0) return warnings + (warnings == 1 ? " warning" : " warnings");
        return "";
    }

    /** Jumps from a problem to its cell. */
    private void reveal(ValidationViewModel.Located l) {
        Diagnostic d = l.diagnostic();
        if (l.part() == null) return;
        tree.select(new ProjectTree.PartNode(l.part()));
        PartEditors e = editors.get(l.part());
        if (e == null) return;
        e.tabs().getSelectionModel().selectFirst();
        if (d.rowId() != null) e.dataset().reveal(d.rowId(), d.column());
    }

    private HBox statusBar() {
        ProgressBar progress = new ProgressBar();
        progress.setPrefWidth(160);
        Label jobText = new Label();
        jobText.getStyleClass().add("muted");
        jobText.setId("scoringStatus");
        jobText.textProperty().bind(scoring.statusProperty());
        scoring.jobProperty().addListener((obs, o, job) -> {
            progress.progressProperty().unbind();
            if (job != null) progress.progressProperty().bind(job.progressProperty());
        });
        progress.visibleProperty().bind(scoring.statusProperty().isNotEmpty());
        status.setId("statusText");
        status.textProperty().bind(Bindings.createStringBinding(() -> {
            int rows = session.project().parts().stream().mapToInt(p -> p.rows().size()).sum();
            Path f = session.fileProperty().get();
            return (f == null ? "Not saved yet" : f.toString()) + " · " + rows + " rows · "
                    + ValidationView.summary(validation.errorsProperty().get(), validation.warningsProperty().get());
        }, session.projectProperty(), session.fileProperty(), validation.errorsProperty(), validation.warningsProperty()));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(10, status, grow, jobText, progress);
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 10, 4, 10));
        return bar;
    }

    private VBox welcomePanel() {
        Label title = new Label("Welcome to Inverse Scaling Studio");
        title.getStyleClass().add("welcome-title");
        Label steps = new Label("""
                1  Write examples in the Rows table (paste from a spreadsheet, or use a template with few-shot demonstrations).
                2  Score them on a model series: the chart on the right shows loss against model size as results arrive.
                3  Fix what the Problems list reports, fill in the form answers, and export the submission zip (Ctrl+E).""");
        steps.setWrapText(true);
        Button close = new Button("Got it");
        close.setOnAction(e -> {
            settings.setWelcomed();
            hideWelcome();
        });
        HBox head = new HBox(12, title, new Region(), close);
        HBox.setHgrow(head.getChildren().get(1), Priority.ALWAYS);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, head, steps);
        box.setId("welcome");
        box.getStyleClass().add("welcome");
        box.setPadding(new Insets(10, 14, 10, 14));
        box.setVisible(false);
        box.setManaged(false);
        return box;
    }

    private void hideWelcome() {
        welcome.setVisible(false);
        welcome.setManaged(false);
    }

    // ---- menus and commands

    private MenuBar menuBar() {
        Menu file = new Menu("File");
        file.getItems().addAll(
                item("New Project", "Shortcut+N", this::newProject),
                item("Open…", "Shortcut+O", this::openDialog),
                recentMenu,
                item("Import Contest File…", "Shortcut+I", this::openDialog),
                new SeparatorMenuItem(),
                item("Save", "Shortcut+S", this::save),
                item("Save As…", "Shortcut+Shift+S", this::saveAs),
                new SeparatorMenuItem(),
                item("Export Submission…", "Shortcut+E", this::export),
                new SeparatorMenuItem(),
                item("Quit", "Shortcut+Q", () -> {
                    if (confirmDiscard("quitting")) {
                        shutdown();
                        stage.close();
                    }
                }));
        file.setOnShowing(e -> fillRecent());

        MenuItem undo = item("Undo", "Shortcut+Z", session::undo);
        undo.textProperty().bind(session.history().undoDescriptionProperty().map(d -> d.isEmpty() ? "Undo" : "Undo " + d));
        undo.disableProperty().bind(session.history().canUndoProperty().not());
        MenuItem redo = item("Redo", "Shortcut+Shift+Z", session::redo);
        redo.textProperty().bind(session.history().redoDescriptionProperty().map(d -> d.isEmpty() ? "Redo" : "Redo " + d));
        redo.disableProperty().bind(session.history().canRedoProperty().not());
        MenuItem redoY = item("Redo (alternative)", "Shortcut+Y", session::redo);
        redoY.setVisible(false);
        Menu edit = new Menu("Edit");
        edit.getItems().addAll(undo, redo, redoY, new SeparatorMenuItem(),
                item("Add Row", null, () -> withDataset(DatasetView::addRow)),
                item("Duplicate Rows", null, () -> withDataset(DatasetView::duplicate)),
                item("Delete Rows", null, () -> withDataset(DatasetView::delete)),
                new SeparatorMenuItem(),
                item("Find Rows", null, () -> withDataset(DatasetView::focusFilter)),
                new SeparatorMenuItem(),
                item("Add Part", null, () -> tree.addPart(PartKind.PART)),
                item("Add Control Set", null, () -> tree.addPart(PartKind.CONTROL)));

        CheckMenuItem dark = new CheckMenuItem("Dark Theme");
        dark.setSelected(settings.dark());
        dark.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+D"));
        dark.selectedProperty().addListener((obs, o, on) -> {
            settings.setDark(on);
            Theme.apply(stage.getScene(), on);
            chartView.darkProperty().set(on);
        });
        Menu view = new Menu("View");
        view.getItems().addAll(dark, item("Show Welcome", null, () -> {
            welcome.setVisible(true);
            welcome.setManaged(true);
        }));

        Menu run = new Menu("Score");
        MenuItem pause = item("Pause", "F6", () -> {
            if (scoring.pausedProperty().get()) scoring.resume();
            else scoring.pause();
        });
        pause.textProperty().bind(scoring.pausedProperty().map(p -> p ? "Resume" : "Pause"));
        pause.disableProperty().bind(scoring.runningProperty().not());
        MenuItem stop = item("Stop", "Shift+F5", scoring::stop);
        stop.disableProperty().bind(scoring.runningProperty().not());
        run.getItems().addAll(item("Score on Chosen Models", "F5", modelsView::start), pause, stop);

        Menu help = new Menu("Help");
        help.getItems().addAll(item("Keyboard Shortcuts", "F1", this::showShortcuts));
        MenuBar bar = new MenuBar(file, edit, view, run, help);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem i = new MenuItem(text);
        if (accelerator != null) i.setAccelerator(KeyCombination.keyCombination(accelerator));
        i.setOnAction(e -> action.run());
        return i;
    }

    private void withDataset(java.util.function.Consumer<DatasetView> action) {
        PartEditors e = currentPart == null ? null : editors.get(currentPart);
        if (e != null) action.accept(e.dataset());
    }

    private void fillRecent() {
        recentMenu.getItems().clear();
        for (String s : settings.data().recentFiles()) {
            MenuItem i = new MenuItem(s);
            i.setOnAction(e -> {
                if (confirmDiscard("opening another project")) open(Path.of(s));
            });
            recentMenu.getItems().add(i);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    private void newProject() {
        if (!confirmDiscard("starting a new project")) return;
        scoring.stop();
        board.clear();
        session.open(ctx.files().blank("untitled-task", TaskType.CLASSIFICATION), null);
        editors.clear();
        tree.rebuild(session.project());
    }

    private void openDialog() {
        if (!confirmDiscard("opening another project")) return;
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a project or import a contest file");
        List<String> patterns = new java.util.ArrayList<>();
        patterns.add("*." + ctx.files().projectExtension());
        for (String ext : ctx.files().importExtensions()) patterns.add("*." + ext);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Projects and contest files", patterns));
        Path f = session.fileProperty().get();
        if (f != null && f.getParent() != null) chooser.setInitialDirectory(f.getParent().toFile());
        List<File> picked = chooser.showOpenMultipleDialog(stage);
        if (picked == null || picked.isEmpty()) return;
        if (picked.size() == 1) open(picked.getFirst().toPath());
        else importTogether(picked.stream().map(File::toPath).toList());
    }

    /** Imports several contest files (parts and control sets of one task) as one new project. */
    private void importTogether(List<Path> paths) {
        jobs.submit("Importing " + paths.size() + " files", c -> Samples.read(paths, ctx.files()),
                p -> loaded(p, null), this::showError);
    }

    /** Opens a project file, or imports a contest file as a new, unsaved project. */
    public void open(Path path) {
        boolean isProject = path.getFileName().toString().endsWith("." + ctx.files().projectExtension());
        record Opened(TaskProject project, Optional<ProjectFiles.Autosaved> copy) {
        }
        jobs.submit("Opening " + path.getFileName(), c -> new Opened(ctx.files().read(path),
                isProject ? recovery.of(path) : Optional.empty()), o -> {
            if (o.copy().isPresent() && askRecover(o.copy().get(), path)) {
                loaded(o.project(), path);
                session.recover(o.copy().get().project(), path);
                tree.rebuild(session.project());
            } else {
                if (o.copy().isPresent()) worker.execute(() -> recovery.forget(path));
                loaded(o.project(), isProject ? path : null);
            }
            settings.addRecent(path);
        }, e -> {
            if (e instanceof java.nio.file.NoSuchFileException) settings.removeRecent(path);
            showError(e);
        });
    }

    /** Shows a newly opened project; scoring that was running goes on with the same models on the new rows. */
    private void loaded(TaskProject p, Path file) {
        List<org.isstudio.ui.services.ModelInfo> models = scoring.runningProperty().get() ? List.copyOf(board.models()) : List.of();
        scoring.stop();
        board.clear();
        editors.clear();
        session.open(p, file);
        tree.rebuild(p);
        if (!models.isEmpty()) scoring.start(models);
    }

    private void save() {
        Path f = session.fileProperty().get();
        if (f == null) saveAs();
        else saveTo(f);
    }

    private void saveAs() {
        chooseSaveTarget().ifPresent(this::saveTo);
    }

    private Optional<Path> chooseSaveTarget() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save project");
        String ext = ctx.files().projectExtension();
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Inverse Scaling Studio project", "*." + ext));
        chooser.setInitialFileName(session.project().name() + "." + ext);
        File picked = chooser.showSaveDialog(stage);
        if (picked == null) return Optional.empty();
        Path p = picked.toPath();
        if (!p.getFileName().toString().endsWith("." + ext)) p = p.resolveSibling(p.getFileName() + "." + ext);
        return Optional.of(p);
    }

    private void saveTo(Path file) {
        TaskProject snapshot = session.project();
        Path before = session.fileProperty().get();
        jobs.submit("Saving " + file.getFileName(), c -> {
            ctx.files().write(snapshot, file);
            // saving drops the copy beside the file; a project saved for the first time also leaves its old slot
            if (!recovery.target(before).equals(recovery.target(file))) recovery.forget(before);
            return file;
        }, f -> {
            session.markSaved(f, snapshot);
            settings.addRecent(f);
        }, this::showError);
    }

    private void export() {
        ExportDialog dialog = new ExportDialog(stage, session, ctx.export(), jobs, chartView.chart());
        dialog.showAndWait();
    }

    private void showShortcuts() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(stage);
        a.setTitle("Keyboard shortcuts");
        a.setHeaderText("Keyboard shortcuts");
        a.setContentText("""
                Ctrl+N / O / S / Shift+S   New, open, save, save as
                Ctrl+E                     Export the submission zip
                Ctrl+Z / Ctrl+Shift+Z      Undo / redo (also Ctrl+Y)
                F2, Enter or typing        Edit the focused cell; Esc cancels
                Ctrl+C / Ctrl+X / Ctrl+V   Copy, cut, paste blocks (tab-separated, to and from spreadsheets)
                Ctrl+Enter                 Insert a row below
                Ctrl+D                     Duplicate the selected rows
                Ctrl+Delete                Delete the selected rows; Delete clears cells
                Alt+Up / Alt+Down          Move the selected rows
                Ctrl+F                     Filter rows
                F5 / F6 / Shift+F5         Score, pause or resume, stop
                Ctrl+Shift+D               Dark theme""");
        a.getDialogPane().setMinWidth(620);
        a.showAndWait();
    }

    /** Asks what to do with unsaved changes; false when the author cancels. */
    private boolean confirmDiscard(String what) {
        if (!session.isDirty()) return true;
        Path before = session.fileProperty().get();
        ButtonType saveB = new ButtonType("Save", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Don't Save", ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", saveB, discard, ButtonType.CANCEL);
        a.initOwner(stage);
        a.setTitle("Unsaved changes");
        a.setHeaderText("Save the changes to " + session.project().name() + " before " + what + "?");
        Optional<ButtonType> answer = a.showAndWait();
        if (answer.isEmpty() || answer.get() == ButtonType.CANCEL) return false;
        if (answer.get() == saveB) {
            // saved here and now, not as a background job: the window may be about to close
            Path f = session.fileProperty().get() != null ? session.fileProperty().get() : chooseSaveTarget().orElse(null);
            if (f == null) return false;
            try {
                TaskProject snapshot = session.project();
                ctx.files().write(snapshot, f);
                session.markSaved(f, snapshot);
                settings.addRecent(f);
            } catch (java.io.IOException e) {
                showError(e);
                return false;
            }
        }
        // saved or discarded on purpose: nothing is left to recover
        recovery.forget(before);
        return true;
    }

    void showError(Throwable e) {
        Alert a = new Alert(Alert.AlertType.ERROR);
        a.initOwner(stage);
        a.setTitle("Inverse Scaling Studio");
        a.setHeaderText(e instanceof java.io.IOException ? "Could not complete the operation" : "Something went wrong");
        a.setContentText(String.valueOf(e.getMessage() == null ? e : e.getMessage()));
        a.show();
    }

    // ---- autosave, recovery, first run

    private void startAutosave() {
        javafx.animation.Timeline timer = new javafx.animation.Timeline(new javafx.animation.KeyFrame(AUTOSAVE_EVERY, e -> {
            if (!session.isDirty() || session.project() == autosaved) return;
            TaskProject snapshot = session.project();
            Path file = session.fileProperty().get();
            autosaved = snapshot;
            jobs.submit("Autosave", c -> {
                recovery.write(snapshot, file);
                return snapshot;
            }, s -> jobs.jobs().removeIf(j -> j.title().equals("Autosave") && j.state() == Job.State.DONE),
                    err -> System.err.println("isstudio: autosave failed: " + err.getMessage()));
        }));
        timer.setCycleCount(javafx.animation.Animation.INDEFINITE);
        timer.play();
    }

    /**
     * What happens after the window shows: offer a crash-recovery copy if the last session left one; else, on
     * the very first run, open the shipped sample task and score it on the first available series, so a
     * newcomer sees a real scaling chart without doing anything.
     */
    public void afterShown(List<String> args) {
        Optional<ProjectFiles.Autosaved> found = recovery.untitled();
        if (found.isPresent()) {
            if (askRecover(found.get(), null)) {
                session.recover(found.get().project(), null);
                tree.rebuild(session.project());
                return;
            }
            recovery.forget(null);
        }
        if (!args.isEmpty()) {
            open(Path.of(args.getFirst()));
            return;
        }
        if (!settings.data().welcomed()) {
            welcome.setVisible(true);
            welcome.setManaged(true);
            openSampleAndScore();
        } else if (!settings.data().recentFiles().isEmpty() && Files.exists(Path.of(settings.data().recentFiles().getFirst()))) {
            open(Path.of(settings.data().recentFiles().getFirst()));
        }
    }

    /** @param file the project file the copy belongs to, or null for a project that was never saved */
    private boolean askRecover(ProjectFiles.Autosaved f, Path file) {
        ButtonType recover = new ButtonType("Recover", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Discard", ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", recover, discard);
        a.initOwner(stage);
        a.setTitle("Recover unsaved work");
        a.setHeaderText("The last session ended with unsaved changes.");
        a.setContentText("A copy of \"" + f.project().name() + "\" ("
                + f.project().parts().stream().mapToInt(p -> p.rows().size()).sum() + " rows) was kept at "
                + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault()).format(f.savedAt())
                + (file == null ? "" : " for " + file) + ". Recover it?");
        return a.showAndWait().filter(b -> b == recover).isPresent();
    }

    /** Opens the first sample task shipped in app/samples and scores it on the default series. */
    public void openSampleAndScore() {
        Optional<List<Path>> sample = Samples.first(ctx.samples(), ctx.files());
        if (sample.isEmpty()) return;
        jobs.submit("Opening the sample task", c -> Samples.read(sample.get(), ctx.files()), p -> {
            loaded(p, null);
            if (scoring.seriesProperty().get() != null) modelsView.start();
        }, this::showError);
    }

    /** The author saved or chose to discard: nothing is left to recover. */
    private void shutdown() {
        scoring.stop();
        recovery.forget(session.fileProperty().get());
    }

    public ProjectSession session() {
        return session;
    }

    /** The rows editor of the part on screen, or null when the form or the task is shown. */
    public DatasetView currentDataset() {
        PartEditors e = currentPart == null ? null : editors.get(currentPart);
        return e == null ? null : e.dataset();
    }

    public ScoringViewModel scoring() {
        return scoring;
    }

    public Stage stage() {
        return stage;
    }

}
