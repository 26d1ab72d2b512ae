package org.isstudio.model;

import java.util.List;
import java.util.Objects;

/**
 * A task being authored: its name (the submission's file names derive from it), the form answers, and its
 * parts and control sets. {@code models} are the model references the author evaluates against (local
 * folders, Hub ids, series names or servers, as the command line spells them).
 *
 * <p>This class is immutable.
 */
public record TaskProject(String name, FormAnswers form, List<TaskPart> parts, List<String> models) {

    public TaskProject {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(form, "form");
        parts = List.copyOf(parts);
        models = List.copyOf(models);
    }

    public TaskProject withParts(List<TaskPart> newParts) {
        return new TaskProject(name, form, newParts, models);
    }
}
