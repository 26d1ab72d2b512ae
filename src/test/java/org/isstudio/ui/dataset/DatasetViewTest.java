package org.isstudio.ui.dataset;

import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.isstudio.model.Columns;
import org.isstudio.model.Diagnostic;
import org.isstudio.model.PartKind;
import org.isstudio.model.Row;
import org.isstudio.model.Severity;
import org.isstudio.ui.project.PartKey;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.run.ScoreBoard;
import org.isstudio.ui.testing.Fakes;
import org.isstudio.ui.validation.ValidationView;
import org.isstudio.ui.validation.ValidationViewModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table as an author uses it: keyboard editing, undo, paste, validation markers and click-through. */
@ExtendWith(ApplicationExtension.class)
class DatasetViewTest {

    private final ProjectSession session = new ProjectSession(Fakes.project(30));
    private final PartKey main = new PartKey(PartKind.MAIN, 0);
    private DatasetView view;

    /** The validator flags row r25's prompt as long as it ends in a space. */
    private static List<Diagnostic> check(org.isstudio.model.TaskProject p) {
        List<Diagnostic> out = new ArrayList<>();
        for (Row r : p.parts().getFirst().rows()) {
            if (r.get(Columns.PROMPT).endsWith(" ")) {
                out.add(new Diagnostic(Severity.WARNING, "demo-task.csv", 2, Columns.PROMPT, "prompt ends in whitespace", r.id()));
            }
        }
        return out;
    }

    private ValidationViewModel validation;
    private final ScoreBoard board = new ScoreBoard();

    @Start
    void start(Stage stage) {
        validation = new ValidationViewModel(DatasetViewTest::check, session, Fakes.DIRECT, Fakes.DIRECT);
        view = new DatasetView(new DatasetViewModel(session, main), board, validation, Fakes.CLASSES);
        stage.setScene(new Scene(new javafx.scene.layout.BorderPane(view, null, null,
                new ValidationView(validation, l -> view.reveal(l.diagnostic().rowId(), l.diagnostic().column())), null), 1100, 700));
        stage.show();
    }

    private String prompt(int i) {
        return session.project().parts().getFirst().rows().get(i).get(Columns.PROMPT);
    }

    private void focusCell(FxRobot robot, int row, String column) {
        robot.interact(() -> {
            TableView<Row> t = view.table();
            var col = t.getColumns().stream().filter(c -> c.getText().equals(column)).findFirst().orElseThrow();
            t.requestFocus();
            t.getSelectionModel().clearAndSelect(row, col);
            t.getFocusModel().focus(row, col);
        });
    }

    @Test
    void typingIntoACellEditsItAndUndoRestoresIt(FxRobot robot) {
        focusCell(robot, 1, Columns.PROMPT);
        robot.write("Hello").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Hello", prompt(1));
        assertEquals("q0", prompt(0));

        robot.interact(session::undo);
        assertEquals("q1", prompt(1));
        robot.interact(session::redo);
        assertEquals("Hello", prompt(1));
    }

    @Test
    void typingOnAMultiLineCellContinuesInTheRowEditor(FxRobot robot) {
        robot.interact(() -> new DatasetViewModel(session, main).setCell("r3", Columns.PROMPT, "Q: two\nA:"));
        focusCell(robot, 3, Columns.PROMPT);
        robot.write("x");
        WaitForAsyncUtils.waitForFxEvents();
        var field = robot.lookup("#field-prompt").queryTextInputControl();
        assertTrue(field.isFocused(), "the row editor's prompt field has the focus");
        assertEquals("Q: two\nA:x", field.getText(), "the typed key is added, the line break kept");
        robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);
        assertEquals("Q: two\nA:x", prompt(3));
    }

    @Test
    void f2EditsAndEscapeCancels(FxRobot robot) {
        focusCell(robot, 2, Columns.PROMPT);
        robot.type(KeyCode.F2).write("zz").type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("q2", prompt(2));
    }

    @Test
    void pastingABlockFromASpreadsheet(FxRobot robot) {
        robot.interact(() -> {
            ClipboardContent c = new ClipboardContent();
            c.putString("first\t[' a', ' b']\t1\n\"second\nline\"\t[' c', ' d']\t0\n");
            Clipboard.getSystemClipboard().setContent(c);
        });
        focusCell(robot, 29, Columns.PROMPT);
        robot.press(KeyCode.CONTROL).type(KeyCode.V).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(31, session.project().parts().getFirst().rows().size(), "the second line became a new row");
        assertEquals("q28", prompt(28));
        assertEquals("first", prompt(29));
        assertEquals("second\nline", prompt(30));
        assertEquals("[' c', ' d']", session.project().parts().getFirst().rows().get(30).get(Columns.CLASSES));
        assertEquals("Paste 2 rows", session.history().undoDescriptionProperty().get());
    }

    @Test
    void copyPutsTheSelectedBlockOnTheClipboard(FxRobot robot) {
        focusCell(robot, 3, Columns.PROMPT);
        robot.interact(() -> view.table().getSelectionModel().select(4,
                view.table().getColumns().stream().filter(c -> c.getText().equals(Columns.ANSWER_INDEX)).findFirst().orElseThrow()));
        robot.press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        String[] clip = {null};
        robot.interact(() -> clip[0] = Clipboard.getSystemClipboard().getString());
        assertEquals("q3\t[' yes', ' no']\t1\nq4\t[' yes', ' no']\t0\n", clip[0]);
    }

    @Test
    void aValidationMarkerAppearsAndTheProblemLeadsToTheCell(FxRobot robot) {
        robot.interact(() -> new DatasetViewModel(session, main).setCell("r25", Columns.PROMPT, "trailing "));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, validation.problems().size());

        robot.clickOn("prompt ends in whitespace");
        WaitForAsyncUtils.waitForFxEvents();
        Row selected = view.table().getSelectionModel().getSelectedItem();
        assertEquals("r25", selected.id());
        assertEquals(Columns.PROMPT, view.table().getFocusModel().getFocusedCell().getTableColumn().getText());
        assertTrue(robot.lookup(".cell-warning").tryQuery().isPresent(), "the cell carries the warning marker");
        assertEquals("trailing·", robot.lookup(".cell-warning").queryLabeled().getText(), "trailing spaces are visible");
    }

    /** The cell of a column (by its id) on the table's row {@code index}; the table lays its cells out in any order. */
    private static javafx.scene.control.IndexedCell<?> cellOfRow(FxRobot robot, String column, int index) {
        return robot.lookup(column).queryAllAs(javafx.scene.Node.class).stream()
                .filter(n -> n instanceof javafx.scene.control.IndexedCell<?> c && c.getIndex() == index)
                .map(n -> (javafx.scene.control.IndexedCell<?>) n).findFirst().orElseThrow();
    }

    @Test
    void scoresArriveInTheirColumnsAndTheRowEditorShowsClassProbabilities(FxRobot robot) {
        var p = session.project();
        robot.interact(() -> {
            board.setModels(java.util.List.of(Fakes.SMALL, Fakes.LARGE));
            board.accept(java.util.List.of(Fakes.score(p, "r0", Fakes.SMALL, Math.log(2)), Fakes.score(p, "r0", Fakes.LARGE, 1.5)));
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(java.util.List.of("#", "s", "l", "slope", "prompt", "classes", "answer_index"),
                view.table().getColumns().stream().map(c -> c.getText()).toList());
        assertEquals("0.693", cellOfRow(robot, "#score-s", 0).getText());
        assertEquals("+0.403", cellOfRow(robot, "#col-slope", 0).getText(),
                "(1.5 - ln 2) per two decades of parameters");

        focusCell(robot, 0, Columns.PROMPT);
        WaitForAsyncUtils.waitForFxEvents();
        java.util.List<String> texts = robot.from(robot.lookup("#rowScores").queryAs(javafx.scene.Node.class))
                .lookup(".label").queryAllAs(javafx.scene.control.Label.class).stream().map(l -> l.getText()).toList();
        assertTrue(texts.contains("0.6931  ✗ wrong"), texts.toString());
        assertTrue(texts.contains("22.3%"), "the larger model gives the answer e^-1.5: " + texts);
        assertEquals(2, texts.stream().filter("50.0%"::equals).count(), "loss ln 2 on two classes is 50/50: " + texts);

        robot.interact(() -> new DatasetViewModel(session, main).setCell("r0", Columns.PROMPT, "edited"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(cellOfRow(robot, "#score-s", 0).getStyleClass().contains("stale"),
                "the score of an edited row is shown as stale until it is rescored");
    }

    @Test
    void selectingARowShowsItsTokensColouredByLogprobPerModel(FxRobot robot) {
        var p = session.project();
        java.util.function.IntFunction<String> text = id -> switch (id) {
            case 1 -> "q";
            case 2 -> "1";
            case 3 -> " yes";
            default -> " no";
        };
        var yes = new org.isstudio.ui.services.TokenSequence(new int[]{1, 2, 3}, 2, new float[]{-0.05f}, text);
        var no = new org.isstudio.ui.services.TokenSequence(new int[]{1, 2, 4}, 2, new float[]{-6f}, text);
        var plain = Fakes.score(p, "r1", Fakes.SMALL, 0.05);
        robot.interact(() -> {
            board.setModels(java.util.List.of(Fakes.SMALL));
            board.accept(java.util.List.of(new org.isstudio.ui.services.RowScore(plain.partKind(), plain.partNumber(),
                    plain.rowId(), plain.cells(), plain.model(), plain.value(), plain.correct(), plain.totalLogprob(),
                    plain.classProbabilities(), java.util.List.of(yes, no))));
        });
        focusCell(robot, 1, Columns.PROMPT);
        WaitForAsyncUtils.waitForFxEvents();

        javafx.scene.Node tokens = robot.lookup("#tokens-s").query();
        java.util.List<javafx.scene.control.Label> chips = robot.from(tokens).lookup(".token-chip")
                .queryAllAs(javafx.scene.control.Label.class).stream().toList();
        assertEquals(java.util.List.of("q", "1", " yes", " no"), chips.stream().map(javafx.scene.control.Label::getText).toList());
        assertTrue(chips.get(0).getStyleClass().contains("token-prompt"));
        assertEquals("-fx-background-color: #89f788;", chips.get(2).getStyle(), "a likely token is green");
        assertEquals("-fx-background-color: #f7c088;", chips.get(3).getStyle(), "e^-6 is orange (hue 30)");
        assertTrue(chips.get(3).getTooltip().getText().contains("id 4"), chips.get(3).getTooltip().getText());
        assertEquals(1, robot.from(tokens).lookup(".token-answer").queryAll().size(), "the answer's continuation is marked");
        assertTrue(robot.from(tokens).lookup(".token-answer").lookup(".token-chip").queryLabeled().getText().equals(" no"),
                "row r1's answer index is 1");
    }

    @Test
    void keyboardRowOperations(FxRobot robot) {
        focusCell(robot, 0, Columns.PROMPT);
        robot.press(KeyCode.CONTROL).type(KeyCode.D).release(KeyCode.CONTROL);
        assertEquals(31, session.project().parts().getFirst().rows().size());
        assertEquals("q0", prompt(1), "the copy comes right after the original");

        focusCell(robot, 5, Columns.PROMPT);
        robot.press(KeyCode.ALT).type(KeyCode.UP).release(KeyCode.ALT);
        assertEquals("q4", prompt(4));
        robot.press(KeyCode.CONTROL).type(KeyCode.DELETE).release(KeyCode.CONTROL);
        assertEquals(30, session.project().parts().getFirst().rows().size(), "the moved row was still selected");
        assertEquals("q3", prompt(4));
        assertEquals("q5", prompt(5));
    }
}
