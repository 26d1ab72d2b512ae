package org.isstudio.ui.services;

import org.isstudio.model.TaskPart;

import java.util.List;

/** Renders one row of a part into the text a model sees: the template editor's live preview. */
@FunctionalInterface
public interface PromptPreview {

    /**
     * @param prompt        the full prompt, shots included
     * @param continuations what is scored after it: the classes, or the completion
     * @param answerIndex   which continuation is correct, or -1 (sequence_prob)
     * @param otherPrompt   logodds only, else {@code ""}
     */
    record Rendered(String prompt, List<String> continuations, int answerIndex, String otherPrompt) {
        public Rendered {
            continuations = List.copyOf(continuations);
        }
    }

    /** @throws IllegalArgumentException naming the field or row when the row cannot be rendered */
    Rendered render(TaskPart part, String rowId);
}
