package org.isstudio.ui.stats;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.isstudio.eval.stats.ScalingAnalysis;
import org.isstudio.model.PartKind;
import org.isstudio.ui.jobs.Job;
import org.isstudio.ui.jobs.JobRunner;
import org.isstudio.ui.project.PartKey;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.services.ModelInfo;
import org.isstudio.ui.testing.Fakes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The few-shot sweep's view model, without a window: when it may run, what it asks for, what it shows. */
class FewShotViewModelTest {

    private final FakeSweeps scorer = new FakeSweeps();
    private final JobRunner jobs = new JobRunner(Fakes.DIRECT, Fakes.DIRECT);
    private final ObservableList<ModelInfo> models = FXCollections.observableArrayList(Fakes.SMALL, Fakes.MEDIUM, Fakes.LARGE);

    @Test
    void sweepsTheTemplatedPartAndFillsTheTable() {
        FewShotViewModel vm = new FewShotViewModel(new ProjectSession(FakeSweeps.project(20)), models, jobs, scorer);
        assertEquals(new PartKey(PartKind.MAIN, 1), vm.partProperty().get(), "the templated part is chosen first");
        assertEquals("", vm.unavailableProperty().get());

        vm.run();

        assertEquals(List.of(List.of(0, 1, 2, 4, 8)), scorer.shotsAsked);
        assertEquals(List.of(List.of(Fakes.SMALL, Fakes.MEDIUM, Fakes.LARGE)), scorer.modelsAsked);
        assertEquals(List.of(0, 1, 2, 4, 8), vm.steps().stream().map(FewShotViewModel.Step::shots).toList());
        assertEquals(List.of(ScalingAnalysis.Verdict.INVERSE, ScalingAnalysis.Verdict.INVERSE, ScalingAnalysis.Verdict.STANDARD,
                ScalingAnalysis.Verdict.STANDARD, ScalingAnalysis.Verdict.STANDARD),
                vm.steps().stream().map(FewShotViewModel.Step::verdict).toList());
        FewShotViewModel.Step zero = vm.steps().getFirst();
        assertTrue(zero.ciLow() > 0 && zero.ciLow() <= zero.slopePerDecade() && zero.slopePerDecade() <= zero.ciHigh(),
                "the slope lies in its interval, which is on the inverse side: " + zero);
        assertEquals(0.3, zero.slopePerDecade(), 1e-9, "0.3 per size step, one decade apart");
        assertEquals(20, zero.pairedExamples());
        assertEquals("Inverse scaling persists below 2 correct demonstrations and is gone (not clearly inverse) at 2.",
                vm.summaryProperty().get());
        assertEquals(Job.State.DONE, jobs.jobs().getFirst().state());
        assertEquals(false, vm.runningProperty().get());
    }

    @Test
    void theShotsAreCappedByTheRowsThatCanBeDemonstrations() {
        assertEquals(List.of(0, 1, 2, 4), FewShotViewModel.shotsFor(5));
        assertEquals(List.of(0, 1), FewShotViewModel.shotsFor(2));
        assertEquals(List.of(0, 1, 2, 4, 8), FewShotViewModel.shotsFor(1000));
    }

    @Test
    void aPartWithoutATemplateCannotBeSweptAndSaysWhy() {
        FewShotViewModel vm = new FewShotViewModel(new ProjectSession(FakeSweeps.project(20)), models, jobs, scorer);
        vm.partProperty().set(new PartKey(PartKind.PART, 2));
        assertTrue(vm.unavailableProperty().get().startsWith("Part 2 has no template"), vm.unavailableProperty().get());
        assertThrows(IllegalStateException.class, vm::run);
        assertTrue(scorer.shotsAsked.isEmpty());

        vm.partProperty().set(new PartKey(PartKind.MAIN, 1));
        assertEquals("", vm.unavailableProperty().get());
    }

    @Test
    void itNeedsAModelSeriesAndABackEndThatSweeps() {
        ObservableList<ModelInfo> none = FXCollections.observableArrayList();
        FewShotViewModel vm = new FewShotViewModel(new ProjectSession(FakeSweeps.project(20)), none, jobs, scorer);
        assertTrue(vm.unavailableProperty().get().startsWith("Score the task on a model series"), vm.unavailableProperty().get());
        none.setAll(Fakes.SMALL, Fakes.LARGE);
        assertEquals("", vm.unavailableProperty().get(), "models arriving enable the sweep");

        FewShotViewModel without = new FewShotViewModel(new ProjectSession(FakeSweeps.project(20)), models, jobs, null);
        assertEquals("This scoring back end cannot run a few-shot sweep.", without.unavailableProperty().get());
    }

    @Test
    void aFailureIsShownAndTheSweepCanRunAgain() {
        FewShotViewModel vm = new FewShotViewModel(new ProjectSession(FakeSweeps.project(20)), models, jobs,
                (p, part, shots, on, c) -> {
                    throw new java.io.IOException("model demo/l is not on this disk");
                });
        vm.run();
        assertEquals("The sweep failed: model demo/l is not on this disk", vm.summaryProperty().get());
        assertTrue(vm.steps().isEmpty());
        assertEquals("", vm.unavailableProperty().get());
    }
}
