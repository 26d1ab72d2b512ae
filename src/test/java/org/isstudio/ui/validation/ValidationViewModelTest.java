package org.isstudio.ui.validation;

import org.isstudio.model.Diagnostic;
import org.isstudio.model.PartKind;
import org.isstudio.model.Severity;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.ui.project.PartKey;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.testing.Fakes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidationViewModelTest {

    /** A project of a main part and a control set, both with rows r0..r2. */
    private static TaskProject twoParts() {
        TaskProject p = Fakes.project(3);
        TaskPart main = p.parts().getFirst();
        TaskPart control = new TaskPart(PartKind.CONTROL, 1, main.taskType(), main.columns(), main.rows(), null);
        return p.withParts(List.of(main, control));
    }

    @Test
    void diagnosticsAreFiledUnderTheirPartRowAndCell() {
        List<Diagnostic> found = List.of(
                new Diagnostic(Severity.ERROR, "demo-task-CONTROL1.csv", 3, "answer_index", "not an integer", "r1"),
                new Diagnostic(Severity.WARNING, "demo-task.csv", 2, "prompt", "ends in whitespace", "r0"),
                new Diagnostic(Severity.WARNING, "demo-task", 0, "", "3 examples; at least 300 are asked for"));
        ProjectSession session = new ProjectSession(twoParts());
        ValidationViewModel vm = new ValidationViewModel(p -> found, session, Fakes.DIRECT, Fakes.DIRECT);

        PartKey main = new PartKey(PartKind.MAIN, 0);
        PartKey control = new PartKey(PartKind.CONTROL, 1);
        assertEquals(1, vm.errorsProperty().get());
        assertEquals(2, vm.warningsProperty().get());
        assertEquals("not an integer", vm.at(control, "r1", "answer_index").getFirst().message());
        assertTrue(vm.at(main, "r1", "answer_index").isEmpty(), "the same row id in another part is another row");
        assertEquals(1, vm.ofRow(main, "r0").size());
        assertEquals(java.util.Arrays.asList(control, main, main), vm.problems().stream().map(ValidationViewModel.Located::part).toList(),
                "a finding named after the task is the main file's (its file is the task's name)");
    }

    @Test
    void aLateResultOfAnOlderStateIsDropped() {
        List<Runnable> queued = new ArrayList<>();
        ProjectSession session = new ProjectSession(Fakes.project(2));
        ValidationViewModel vm = new ValidationViewModel(
                p -> List.of(new Diagnostic(Severity.WARNING, "demo-task.csv", 0, "", p.parts().getFirst().rows().size() + " rows")),
                session, Fakes.DIRECT, queued::add);
        session.editPart(new PartKey(PartKind.MAIN, 0), "add", part -> part.withRows(part.rows().subList(0, 1)));
        assertEquals(2, queued.size());
        queued.get(1).run();
        queued.get(0).run();
        assertEquals("1 rows", vm.problems().getFirst().diagnostic().message(), "the newest state's result stays");
    }
}
