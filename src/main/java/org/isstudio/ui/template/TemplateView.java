package org.isstudio.ui.template;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.isstudio.model.PromptTemplate;
import org.isstudio.model.ShotSelection;
import org.isstudio.ui.services.PromptPreview;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The template editor: pattern, classes, answer, instruction, shots and how they are chosen, the separator,
 * and a zero-/k-shot switch; beside it the selected row fully rendered, prompt then each scored continuation,
 * the correct one highlighted.
 */
public final class TemplateView extends BorderPane {

    private final TemplateViewModel vm;
    private final VBox form = new VBox(8);
    private final TextFlow preview = new TextFlow();
    private final Label previewInfo = new Label();
    private final TextArea instruction = new TextArea();
    private final TextArea prompt = new TextArea();
    private final TextArea classes = new TextArea();
    private final TextField answer = new TextField();
    private final TextField otherPrompt = new TextField();
    private final Spinner<Integer> shots = new Spinner<>(0, 64, 0);
    private final ChoiceBox<ShotSelection> selection = new ChoiceBox<>();
    private final TextField seed = new TextField();
    private final TextField separator = new TextField();
    private final ToggleButton zeroShot = new ToggleButton("Zero-shot");
    private final ToggleButton fewShot = new ToggleButton("Few-shot");
    private int lastK = 3;
    private boolean showing;

    public TemplateView(TemplateViewModel vm) {
        this.vm = vm;
        getStyleClass().add("template-view");
        preview.setId("promptPreview");
        preview.getStyleClass().add("prompt-preview");
        preview.setPadding(new Insets(10));
        ScrollPane previewScroll = new ScrollPane(preview);
        previewScroll.setFitToWidth(true);
        Label previewTitle = new Label("Rendered prompt (selected row)");
        previewTitle.getStyleClass().add("section-title");
        previewInfo.getStyleClass().add("muted");
        previewInfo.setWrapText(true);
        VBox right = new VBox(6, previewTitle, previewInfo, previewScroll);
        VBox.setVgrow(previewScroll, Priority.ALWAYS);
        right.setPadding(new Insets(8));

        buildForm();
        ScrollPane formScroll = new ScrollPane(form);
        formScroll.setFitToWidth(true);
        SplitPane split = new SplitPane(formScroll, right);
        split.setDividerPositions(0.45);
        setCenter(split);

        vm.templateProperty().addListener((obs, o, t) -> show(t));
        vm.renderedProperty().addListener((obs, o, r) -> showPreview());
        vm.errorProperty().addListener((obs, o, e) -> showPreview());
        show(vm.templateProperty().get());
        showPreview();
    }

    private void buildForm() {
        form.setPadding(new Insets(10));
        instruction.setPrefRowCount(2);
        instruction.setWrapText(true);
        prompt.setPrefRowCount(4);
        prompt.setWrapText(true);
        prompt.setId("promptPattern");
        classes.setPrefRowCount(2);
        classes.setTooltip(new Tooltip("One class pattern per line, leading space included; or one line naming a "
                + "field that holds a Python list, such as {classes}"));
        answer.setId("answerPattern");
        shots.setEditable(true);
        shots.setId("shotsSpinner");
        shots.setPrefWidth(80);
        selection.getItems().setAll(ShotSelection.values());
        separator.setTooltip(new Tooltip("What joins the shots and the prompt; \\n is a line break. "
                + "The contest's own few-shot sets use three (\\n\\n\\n)."));

        ToggleGroup mode = new ToggleGroup();
        zeroShot.setToggleGroup(mode);
        fewShot.setToggleGroup(mode);
        zeroShot.setId("zeroShot");
        fewShot.setId("fewShot");
        zeroShot.setOnAction(e -> {
            int k = vm.templateProperty().get() == null ? 0 : vm.templateProperty().get().shots();
            if (k > 0) lastK = k;
            vm.set(TemplateViewModel.Field.SHOTS, 0);
        });
        fewShot.setOnAction(e -> vm.set(TemplateViewModel.Field.SHOTS, Math.max(1, lastK)));
        HBox modeBox = new HBox(0, zeroShot, fewShot);
        modeBox.getStyleClass().add("segmented");

        bindText(instruction, TemplateViewModel.Field.INSTRUCTION, s -> s);
        bindText(prompt, TemplateViewModel.Field.PROMPT, s -> s);
        bindText(classes, TemplateViewModel.Field.CLASSES, s -> s.isEmpty() ? List.of() : Arrays.asList(s.split("\n", -1)));
        bindText(answer, TemplateViewModel.Field.ANSWER, s -> s);
        bindText(otherPrompt, TemplateViewModel.Field.OTHER_PROMPT, s -> s);
        bindText(separator, TemplateViewModel.Field.SEPARATOR, TemplateViewModel::unescape);
        bindText(seed, TemplateViewModel.Field.SEED, s -> {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                return vm.templateProperty().get().seed();
            }
        });
        shots.valueProperty().addListener((obs, o, k) -> {
            if (!showing && k != null) vm.set(TemplateViewModel.Field.SHOTS, k);
        });
        selection.valueProperty().addListener((obs, o, s) -> {
            if (!showing && s != null) vm.set(TemplateViewModel.Field.SELECTION, s);
        });

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        int r = 0;
        grid.addRow(r++, new Label("Mode"), modeBox);
        grid.addRow(r++, new Label("Shots (k)"), shots);
        grid.addRow(r++, new Label("Chosen by"), selection);
        grid.addRow(r++, new Label("Seed"), seed);
        grid.addRow(r++, new Label("Separator"), separator);
        grid.addRow(r++, new Label("Answer"), answer);
        grid.addRow(r, new Label("Other prompt"), otherPrompt);
        GridPane.setHgrow(separator, Priority.ALWAYS);
        form.getChildren().setAll(label("Instruction (before the first shot)"), instruction,
                label("Prompt pattern — {field} is replaced by the row's cell"), prompt,
                label("Class patterns"), classes, grid);
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("field-label");
        return l;
    }

    private void bindText(TextInputControl control, TemplateViewModel.Field field, Function<String, ?> parse) {
        control.textProperty().addListener((obs, o, text) -> {
            if (!showing) vm.set(field, parse.apply(text));
        });
    }

    private void show(PromptTemplate t) {
        showing = true;
        try {
            if (t == null) {
                Button create = new Button("Use a template for this part");
                create.setId("createTemplate");
                create.setOnAction(e -> vm.createTemplate());
                Label why = new Label("This part holds contest rows as they are. A template renders them instead, "
                        + "so that few-shot demonstrations can be added and switched off with one setting.");
                why.setWrapText(true);
                VBox box = new VBox(10, why, create);
                box.setPadding(new Insets(16));
                box.setAlignment(Pos.TOP_LEFT);
                setTop(box);
                form.setDisable(true);
                return;
            }
            setTop(null);
            form.setDisable(false);
            setIfChanged(instruction, t.instruction());
            setIfChanged(prompt, t.promptPattern());
            setIfChanged(classes, String.join("\n", t.classPatterns()));
            setIfChanged(answer, t.answerPattern());
            setIfChanged(otherPrompt, t.otherPromptPattern());
            setIfChanged(separator, TemplateViewModel.escape(t.separator()));
            setIfChanged(seed, Long.toString(t.seed()));
            if (!shots.getValue().equals(t.shots())) shots.getValueFactory().setValue(t.shots());
            selection.setValue(t.selection());
            zeroShot.setSelected(t.shots() == 0);
            fewShot.setSelected(t.shots() > 0);
            if (t.shots() > 0) lastK = t.shots();
        } finally {
            showing = false;
        }
    }

    private static void setIfChanged(TextInputControl c, String v) {
        if (!c.getText().equals(v)) c.setText(v);
    }

    private void showPreview() {
        PromptPreview.Rendered r = vm.renderedProperty().get();
        preview.getChildren().clear();
        if (r == null) {
            previewInfo.setText(vm.errorProperty().get());
            previewInfo.getStyleClass().add("error-text");
            return;
        }
        previewInfo.getStyleClass().remove("error-text");
        previewInfo.setText(r.continuations().size() + (r.continuations().size() == 1 ? " continuation" : " continuations")
                + " scored after the prompt" + (r.answerIndex() >= 0 ? "; the correct one is highlighted." : "."));
        Text p = new Text(r.prompt());
        p.getStyleClass().add("preview-prompt");
        preview.getChildren().add(p);
        for (int i = 0; i < r.continuations().size(); i++) {
            Text c = new Text(r.continuations().get(i));
            c.getStyleClass().add(i == r.answerIndex() || r.answerIndex() < 0 ? "preview-correct" : "preview-other");
            Text marker = new Text(i == 0 ? "" : "  |  ");
            marker.getStyleClass().add("preview-sep");
            preview.getChildren().addAll(marker, c);
        }
        if (!r.otherPrompt().isEmpty()) {
            Text head = new Text("\n\nother_prompt:\n");
            head.getStyleClass().add("preview-sep");
            Text o = new Text(r.otherPrompt());
            o.getStyleClass().add("preview-prompt");
            preview.getChildren().addAll(head, o);
        }
    }
}
