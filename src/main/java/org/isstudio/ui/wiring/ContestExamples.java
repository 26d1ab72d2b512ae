package org.isstudio.ui.wiring;

import org.isstudio.format.template.Examples;
import org.isstudio.format.template.TemplateException;
import org.isstudio.format.template.TemplateRenderer;
import org.isstudio.model.Example;
import org.isstudio.model.Row;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A part's rows as the examples scoring needs, rendered through format's {@link TemplateRenderer} (the one code
 * path the preview and the export use too). A row that cannot become an example (a template field missing,
 * classes that do not parse, an answer index out of range) is left out here and reported by the validator.
 */
final class ContestExamples {

    private ContestExamples() {
    }

    static Map<String, Example> of(TaskPart part) {
        Map<String, Example> out = new LinkedHashMap<>();
        for (TemplateRenderer.Outcome o : TemplateRenderer.renderEach(part)) {
            Example e = o.rendered() == null ? null : example(part.taskType(), o.rendered());
            if (e != null) out.put(o.source().id(), e);
        }
        return out;
    }

    /** The example a contest row stands for (format's one typing of rows), or null when it is not well formed. */
    static Example example(TaskType type, Row r) {
        try {
            return Examples.of(type, r);
        } catch (TemplateException e) {
            return null;
        }
    }
}
