package org.isstudio.ui.stats;

import org.isstudio.eval.FewShotSweep;
import org.isstudio.eval.SeriesReport;
import org.isstudio.eval.stats.PairedBootstrap;
import org.isstudio.eval.stats.ScalingAnalysis;
import org.isstudio.format.Fixtures;
import org.isstudio.model.FormAnswers;
import org.isstudio.model.ShotSelection;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;
import org.isstudio.ui.services.ModelInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scorer whose losses rise with model size below two demonstrations and fall from two on, so the sweep's
 * answer is known: inverse at k = 0 and 1, gone at 2. It records what it was asked.
 */
final class FakeSweeps implements FewShotScorer {

    final List<List<Integer>> shotsAsked = new CopyOnWriteArrayList<>();
    final List<List<ModelInfo>> modelsAsked = new CopyOnWriteArrayList<>();

    @Override
    public FewShotSweep sweep(TaskProject project, TaskPart part, List<Integer> shots, List<ModelInfo> models,
                              org.isstudio.ui.jobs.JobRunner.Context context) {
        shotsAsked.add(shots);
        modelsAsked.add(models);
        List<FewShotSweep.Step> steps = new ArrayList<>();
        for (int k : shots) {
            List<ScalingAnalysis.ModelValues> values = new ArrayList<>();
            for (int m = 0; m < models.size(); m++) {
                double[] v = new double[part.rows().size()];
                // a clear trend with per-row noise: +0.3 per size step below k = 2, -0.3 from it
                for (int i = 0; i < v.length; i++) v[i] = 1 + (k < 2 ? 0.3 : -0.3) * m + 0.05 * ((i * 7 + m * 3) % 5);
                values.add(new ScalingAnalysis.ModelValues(models.get(m).id(), models.get(m).parameters(), v));
            }
            ScalingAnalysis.Trend t = ScalingAnalysis.analyse(values, 1, false, new PairedBootstrap(200, 7, 0.95));
            steps.add(new FewShotSweep.Step(k, new SeriesReport("s k=" + k, TaskType.CLASSIFICATION, false,
                    part.rows().size(), Double.NaN, List.of(), t, List.of(), List.of(), Map.of(), List.of())));
        }
        return FewShotSweep.of(steps);
    }

    /** A project with one templated part of {@code rows} rows and one plain part. */
    static TaskProject project(int rows) {
        TaskPart templated = Fixtures.templatedPart(rows, 0, ShotSelection.FIRST_N, 1);
        TaskPart plain = new TaskPart(org.isstudio.model.PartKind.PART, 2, TaskType.CLASSIFICATION,
                templated.columns(), templated.rows(), null);
        return new TaskProject("sweep-task", FormAnswers.empty(), List.of(templated, plain), List.of());
    }
}
