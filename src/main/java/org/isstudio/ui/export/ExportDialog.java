package org.isstudio.ui.export;

import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.isstudio.model.Diagnostic;
import org.isstudio.model.TaskProject;
import org.isstudio.ui.jobs.JobRunner;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.services.SubmissionExport;
import org.jfree.chart.JFreeChart;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The export dialog: the task name (which names the zip and its files), whether to add the form answers and
 * the plot, the files the zip will hold with a preview of each, the anonymity check, and Export.
 */
public final class ExportDialog extends Stage {

    private final ProjectSession session;
    private final SubmissionExport export;
    private final JobRunner jobs;
    private final JFreeChart chart;
    private final TextField name = new TextField();
    private final CheckBox includeForm = new CheckBox("Add the form answers as a text file");
    private final CheckBox includePlot = new CheckBox("Add the scaling plot (PNG)");
    private final ListView<SubmissionExport.Entry> entries = new ListView<>();
    private final TextArea preview = new TextArea();
    private final Label anonymity = new Label();
    private final Label result = new Label();
    private final Button exportButton = new Button("Export…");
    private byte[] plotPng;

    public ExportDialog(Window owner, ProjectSession session, SubmissionExport export, JobRunner jobs, JFreeChart chart) {
        this.session = session;
        this.export = export;
        this.jobs = jobs;
        this.chart = chart;
        initOwner(owner);
        initModality(Modality.WINDOW_MODAL);
        setTitle("Export submission");

        name.setId("exportName");
        name.setText(session.project().name());
        name.textProperty().addListener((obs, o, n) -> {
            if (!n.isBlank() && !n.strip().equals(session.project().name())) {
                session.edit("Rename task", "form:name", p -> new TaskProject(n.strip(), p.form(), p.parts(), p.models()));
            }
            refresh();
        });
        includeForm.setSelected(true);
        includePlot.setSelected(chart != null);
        includePlot.setDisable(chart == null);
        includeForm.selectedProperty().addListener((obs, o, v) -> refresh());
        includePlot.selectedProperty().addListener((obs, o, v) -> refresh());

        entries.setId("exportEntries");
        entries.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(SubmissionExport.Entry e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : e.name() + "   (" + humanSize(e.size()) + ")");
            }
        });
        entries.getSelectionModel().selectedItemProperty().addListener((obs, o, e) ->
                preview.setText(e == null ? "" : e.preview()));
        preview.setEditable(false);
        preview.setId("exportPreview");
        preview.getStyleClass().add("raw-literal");
        anonymity.setId("anonymity");
        anonymity.setWrapText(true);
        result.setId("exportResult");
        result.setWrapText(true);

        exportButton.setId("exportButton");
        exportButton.getStyleClass().add("accent");
        exportButton.setDefaultButton(true);
        exportButton.setOnAction(e -> chooseAndExport());
        Button close = new Button("Close");
        close.setCancelButton(true);
        close.setOnAction(e -> close());

        Label nameLabel = new Label("Task name");
        nameLabel.getStyleClass().add("field-label");
        Label filesLabel = new Label("Files in the zip");
        filesLabel.getStyleClass().add("field-label");
        SplitPane split = new SplitPane(entries, preview);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.35);
        VBox.setVgrow(split, Priority.ALWAYS);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox buttons = new HBox(8, result, grow, close, exportButton);
        VBox box = new VBox(8, nameLabel, name, includeForm, includePlot, filesLabel, split, anonymity, buttons);
        box.setPadding(new Insets(12));
        BorderPane root = new BorderPane(box);
        Scene scene = new Scene(root, 860, 560);
        if (owner != null && owner.getScene() != null) scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        setScene(scene);
        refresh();
    }

    private static String humanSize(long bytes) {
        return bytes < 1024 ? bytes + " B" : String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }

    /** The chart as the zip's PNG, drawn once: it does not change while the dialog is open, the name typed does. */
    private byte[] plot() {
        if (!includePlot.isSelected() || chart == null) return null;
        if (plotPng == null) {
            try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
                ImageIO.write(chart.createBufferedImage(900, 600), "png", out);
                plotPng = out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return plotPng;
    }

    private void refresh() {
        TaskProject p = session.project();
        try {
            entries.getItems().setAll(export.entries(p, includeForm.isSelected(), plot()));
            if (!entries.getItems().isEmpty()) entries.getSelectionModel().selectFirst();
        } catch (IOException | RuntimeException e) {
            entries.getItems().clear();
            preview.setText("The zip cannot be made: " + e.getMessage());
        }
        List<Diagnostic> problems = export.anonymityProblems(p);
        anonymity.getStyleClass().removeAll("error-text", "muted");
        if (problems.isEmpty()) {
            anonymity.setText("✓ Anonymity check: no author names in file names, zip entries or metadata.");
            anonymity.getStyleClass().add("muted");
        } else {
            anonymity.setText("✗ Anonymity check:\n" + String.join("\n", problems.stream().map(Diagnostic::message).toList()));
            anonymity.getStyleClass().add("error-text");
        }
        exportButton.setDisable(!problems.isEmpty() || entries.getItems().isEmpty());
    }

    private void chooseAndExport() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the submission zip");
        chooser.setInitialFileName(session.project().name() + ".zip");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Zip archive", "*.zip"));
        File f = chooser.showSaveDialog(this);
        if (f != null) exportTo(f.toPath());
    }

    /** Writes the zip in the background and reports where it went. */
    public void exportTo(Path zip) {
        TaskProject snapshot = session.project();
        boolean form = includeForm.isSelected();
        byte[] png = plot();
        result.setText("Writing " + zip.getFileName() + "…");
        jobs.submit("Exporting " + zip.getFileName(), c -> {
            export.write(snapshot, form, png, zip);
            return zip;
        }, z -> result.setText("✓ Wrote " + z), e -> result.setText("✗ " + e.getMessage()));
    }
}
