package org.isstudio.ui.wiring;

import org.isstudio.format.template.Examples;
import org.isstudio.format.template.TemplateException;
import org.isstudio.format.template.TemplateRenderer;
import org.isstudio.model.Example;
import org.isstudio.model.Row;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskType;

import java.util.LinkedHashMap;
import java.util.List;
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
        List<Row> rendered;
        try {
            rendered = TemplateRenderer.render(part);
        } catch (IllegalArgumentException e) {
            // one bad row stops a whole-part render; fall back to row by row so the others are still scored
            rendered = part.rows().stream().map(r -> renderOne(part, r)).filter(r -> r != null).toList();
        }
        Map<String, Example> out = new LinkedHashMap<>();
        for (Row r : rendered) {
            Example e = example(part.taskType(), r);
            if (e != null) out.put(r.id(), e);
        }
        return out;
    }

    private static Row renderOne(TaskPart part, Row r) {
        try {
            return TemplateRenderer.render(part, r.id());
        } catch (IllegalArgumentException e) {
            return null;
        }
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
