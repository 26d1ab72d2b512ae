package org.isstudio.ui.form;

import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.VBox;
import org.isstudio.model.FormAnswers;
import org.isstudio.model.TaskProject;
import org.isstudio.ui.project.ProjectSession;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The submission form's answers (prize spec §7.4) and the task name the file names derive from. Typing in one
 * field is one undoable step.
 */
public final class FormView extends ScrollPane {

    private record Binding(TextInputControl control, Function<TaskProject, String> get) {
    }

    private final ProjectSession session;
    private final List<Binding> bindings = new ArrayList<>();
    private final CheckBox fewShot = new CheckBox("The task is few-shot (demonstrations inside each prompt)");
    private boolean showing;

    public FormView(ProjectSession session) {
        this.session = session;
        getStyleClass().add("form-view");
        setFitToWidth(true);
        VBox box = new VBox(6);
        box.setPadding(new Insets(12));
        box.setMaxWidth(900);

        TextField name = new TextField();
        name.setId("taskName");
        add(box, "Task name (the zip and its files are named after it; no author names)", name, TaskProject::name);
        name.textProperty().addListener((obs, o, n) -> {
            if (!showing && !n.isBlank()) session.edit("Rename task", "form:name",
                    p -> p.name().equals(n) ? p : new TaskProject(n.strip(), p.form(), p.parts(), p.models()));
        });
        field(box, "Authors (kept out of every exported file name)", new TextField(), FormAnswers::authors,
                (f, v) -> new FormAnswers(v, f.description(), f.whyImportant(), f.whyInverseScaling(), f.whyNovel(),
                        f.generationProcedure(), f.generationType(), f.sources(), f.codeLink(), f.expertise(), f.fewShot()));
        field(box, "Task description, including what the correct behaviour is", area(4), FormAnswers::description,
                (f, v) -> new FormAnswers(f.authors(), v, f.whyImportant(), f.whyInverseScaling(), f.whyNovel(),
                        f.generationProcedure(), f.generationType(), f.sources(), f.codeLink(), f.expertise(), f.fewShot()));
        field(box, "Why is the task important?", area(3), FormAnswers::whyImportant,
                (f, v) -> new FormAnswers(f.authors(), f.description(), v, f.whyInverseScaling(), f.whyNovel(),
                        f.generationProcedure(), f.generationType(), f.sources(), f.codeLink(), f.expertise(), f.fewShot()));
        field(box, "Why do you expect to see inverse scaling?", area(3), FormAnswers::whyInverseScaling,
                (f, v) -> new FormAnswers(f.authors(), f.description(), f.whyImportant(), v, f.whyNovel(),
                        f.generationProcedure(), f.generationType(), f.sources(), f.codeLink(), f.expertise(), f.fewShot()));
        field(box, "Why is the task novel or surprising?", area(3), FormAnswers::whyNovel,
                (f, v) -> new FormAnswers(f.authors(), f.description(), f.whyImportant(), f.whyInverseScaling(), v,
                        f.generationProcedure(), f.generationType(), f.sources(), f.codeLink(), f.expertise(), f.fewShot()));
        field(box, "Dataset generation procedure (4+ sentences)", area(4), FormAnswers::generationProcedure,
                (f, v) -> new FormAnswers(f.authors(), f.description(), f.whyImportant(), f.whyInverseScaling(),
                        f.whyNovel(), v, f.generationType(), f.sources(), f.codeLink(), f.expertise(), f.fewShot()));
        field(box, "Dataset generation type (e.g. mixture of code and hand-written)", new TextField(),
                FormAnswers::generationType,
                (f, v) -> new FormAnswers(f.authors(), f.description(), f.whyImportant(), f.whyInverseScaling(),
                        f.whyNovel(), f.generationProcedure(), v, f.sources(), f.codeLink(), f.expertise(), f.fewShot()));
        field(box, "Dataset sources (links)", area(2), FormAnswers::sources,
                (f, v) -> new FormAnswers(f.authors(), f.description(), f.whyImportant(), f.whyInverseScaling(),
                        f.whyNovel(), f.generationProcedure(), f.generationType(), v, f.codeLink(), f.expertise(), f.fewShot()));
        field(box, "Code that generated the dataset (link)", new TextField(), FormAnswers::codeLink,
                (f, v) -> new FormAnswers(f.authors(), f.description(), f.whyImportant(), f.whyInverseScaling(),
                        f.whyNovel(), f.generationProcedure(), f.generationType(), f.sources(), v, f.expertise(), f.fewShot()));
        field(box, "Expertise required to verify the labels", new TextField(), FormAnswers::expertise,
                (f, v) -> new FormAnswers(f.authors(), f.description(), f.whyImportant(), f.whyInverseScaling(),
                        f.whyNovel(), f.generationProcedure(), f.generationType(), f.sources(), f.codeLink(), v, f.fewShot()));
        fewShot.selectedProperty().addListener((obs, o, on) -> {
            if (!showing) session.editForm(on ? "Mark few-shot" : "Mark zero-shot", null,
                    f -> new FormAnswers(f.authors(), f.description(), f.whyImportant(), f.whyInverseScaling(),
                            f.whyNovel(), f.generationProcedure(), f.generationType(), f.sources(), f.codeLink(),
                            f.expertise(), on));
        });
        box.getChildren().add(fewShot);
        setContent(box);
        session.projectProperty().addListener((obs, o, p) -> show(p));
        show(session.project());
    }

    private static TextArea area(int rows) {
        TextArea a = new TextArea();
        a.setWrapText(true);
        a.setPrefRowCount(rows);
        return a;
    }

    private void add(VBox box, String label, TextInputControl control, Function<TaskProject, String> get) {
        Label l = new Label(label);
        l.getStyleClass().add("field-label");
        box.getChildren().addAll(l, control);
        bindings.add(new Binding(control, get));
    }

    private void field(VBox box, String label, TextInputControl control, Function<FormAnswers, String> get,
                       BiFunction<FormAnswers, String, FormAnswers> set) {
        add(box, label, control, p -> get.apply(p.form()));
        control.textProperty().addListener((obs, o, v) -> {
            if (!showing) session.editForm("Edit " + label.split("[(?]")[0].strip(), "form:" + label, f -> set.apply(f, v));
        });
    }

    private void show(TaskProject p) {
        showing = true;
        try {
            for (Binding b : bindings) {
                String v = b.get().apply(p);
                if (!b.control().getText().equals(v)) b.control().setText(v);
            }
            fewShot.setSelected(p.form().fewShot());
        } finally {
            showing = false;
        }
    }
}
