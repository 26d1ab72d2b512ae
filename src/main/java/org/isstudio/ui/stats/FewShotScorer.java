package org.isstudio.ui.stats;

import org.isstudio.eval.FewShotSweep;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.ui.jobs.JobRunner;
import org.isstudio.ui.services.ModelInfo;

import java.util.List;

/** Scores a templated part again with k demonstrations for each k of a sweep: the contest's few-shot question. */
@FunctionalInterface
public interface FewShotScorer {

    /**
     * Blocks until every variant is scored on every model; reports progress to and stops when cancelled by
     * {@code context}. Call on a worker.
     *
     * @param part  a part of {@code project} that has a template
     * @param shots the numbers of demonstrations, each at most the part's rows less one
     */
    FewShotSweep sweep(TaskProject project, TaskPart part, List<Integer> shots, List<ModelInfo> models,
                       JobRunner.Context context) throws Exception;
}
