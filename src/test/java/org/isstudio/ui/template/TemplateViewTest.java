package org.isstudio.ui.template;

import javafx.scene.Scene;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import org.isstudio.model.Columns;
import org.isstudio.model.PartKind;
import org.isstudio.model.Row;
import org.isstudio.model.TaskPart;
import org.isstudio.ui.project.PartKey;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.services.PromptPreview;
import org.isstudio.ui.testing.Fakes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The template editor: adding a template, the k-shot switch, and the live preview. */
@ExtendWith(ApplicationExtension.class)
class TemplateViewTest {

    private final ProjectSession session = new ProjectSession(Fakes.project(3));
    private final PartKey main = new PartKey(PartKind.MAIN, 0);

    /** Renders "prompt pattern with the row's prompt" plus k copies of the first row as shots. */
    private static PromptPreview.Rendered render(TaskPart part, String rowId) {
        Row r = part.rows().stream().filter(x -> x.id().equals(rowId)).findFirst().orElseThrow();
        String prompt = part.template() == null ? r.get(Columns.PROMPT)
                : "shot\n".repeat(part.template().shots()) + part.template().promptPattern().replace("{prompt}", r.get(Columns.PROMPT));
        return new PromptPreview.Rendered(prompt, List.of(" yes", " no"), Integer.parseInt(r.get(Columns.ANSWER_INDEX)), "");
    }

    private TemplateViewModel vm;

    @Start
    void start(Stage stage) {
        vm = new TemplateViewModel(session, main, TemplateViewTest::render);
        stage.setScene(new Scene(new TemplateView(vm), 900, 600));
        stage.show();
    }

    private String previewText(FxRobot robot) {
        TextFlow flow = robot.lookup("#promptPreview").queryAs(TextFlow.class);
        StringBuilder b = new StringBuilder();
        flow.getChildren().forEach(n -> b.append(((Text) n).getText()));
        return b.toString();
    }

    @Test
    void addingATemplateThenSwitchingBetweenZeroAndFewShot(FxRobot robot) {
        assertEquals("q0 yes  |   no", previewText(robot), "without a template the row is shown as it is");
        robot.clickOn("#createTemplate");
        assertNotNull(session.part(main).template());
        assertEquals("{prompt}", session.part(main).template().promptPattern());

        robot.interact(() -> robot.lookup("#shotsSpinner").queryAs(javafx.scene.control.Spinner.class).getValueFactory().setValue(2));
        assertEquals(2, session.part(main).template().shots());
        assertEquals("shot\nshot\nq0 yes  |   no", previewText(robot));

        robot.clickOn("#zeroShot");
        assertEquals(0, session.part(main).template().shots());
        robot.clickOn("#fewShot");
        assertEquals(2, session.part(main).template().shots(), "few-shot comes back with the k used before");

        robot.interact(() -> vm.previewRowProperty().set(session.part(main).rows().get(1)));
        assertEquals("shot\nshot\nq1 yes  |   no", previewText(robot));
        assertEquals("preview-correct", robot.lookup(".preview-correct").queryAs(Text.class).getStyleClass().getFirst());
        assertEquals(" no", robot.lookup(".preview-correct").queryAs(Text.class).getText(), "answer_index 1 is highlighted");
    }

    @Test
    void typingInThePatternIsOneUndoStepAndThePreviewFollows(FxRobot robot) {
        robot.clickOn("#createTemplate");
        robot.interact(() -> robot.lookup("#promptPattern").queryTextInputControl().setText("Q: {prompt}"));
        robot.interact(() -> robot.lookup("#promptPattern").queryTextInputControl().setText("Q: {prompt}\nA:"));
        assertEquals("Q: q0\nA: yes  |   no", previewText(robot));
        robot.interact(session::undo);
        assertEquals("{prompt}", session.part(main).template().promptPattern(), "both keystrokes went in one step");
        robot.interact(session::undo);
        assertNull(session.part(main).template());
    }

    @Test
    void separatorEscapesRoundTrip() {
        assertEquals("\\n\\n\\n", TemplateViewModel.escape("\n\n\n"));
        assertEquals("a\\\\n\\tb", TemplateViewModel.escape("a\\n\tb"));
        assertEquals("a\\n\tb", TemplateViewModel.unescape("a\\\\n\\tb"));
        assertEquals("\\q", TemplateViewModel.unescape("\\q"), "an unknown escape keeps its backslash");
    }
}
