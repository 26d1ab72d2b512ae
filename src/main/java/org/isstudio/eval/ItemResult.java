package org.isstudio.eval;

import org.isstudio.model.Example;

/**
 * One item scored by one model: the score, or why the example cannot be scored. {@code example} is the example as
 * it was scored, so a consumer can tell a result of an edited row from a current one.
 */
public record ItemResult(String modelId, EvalItem.Key key, Example example, ExampleScore score, String error) {

    public static ItemResult scored(String modelId, EvalItem item, ExampleScore score) {
        return new ItemResult(modelId, item.key(), item.example(), score, null);
    }

    public static ItemResult failed(String modelId, EvalItem item, String error) {
        return new ItemResult(modelId, item.key(), item.example(), null, error);
    }

    public boolean ok() {
        return score != null;
    }
}
