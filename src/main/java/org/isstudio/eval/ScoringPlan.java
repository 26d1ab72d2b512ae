package org.isstudio.eval;

import org.isstudio.engine.ScoreRequest;
import org.isstudio.model.Example;

import java.util.List;

/**
 * The token sequences one example needs scored under one tokenizer, and what was noticed while building them.
 * Request order is fixed by the example type: one per class (classification), one (sequence_prob), or
 * {@code prompt+c0, prompt+c1, other_prompt+c0, other_prompt+c1} (logodds).
 */
public record ScoringPlan(Example example, List<ScoreRequest> requests, List<ScoreFlag> flags) {
    public ScoringPlan {
        requests = List.copyOf(requests);
        flags = List.copyOf(flags);
    }
}
