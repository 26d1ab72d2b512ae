package org.isstudio.eval;

import org.isstudio.format.template.Examples;
import org.isstudio.format.template.TemplateRenderer;
import org.isstudio.model.Row;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;

import java.util.ArrayList;
import java.util.List;

/**
 * A project's parts as series of items to score: each part's rows rendered through its template (when it has one)
 * into contest rows, and each contest row typed by {@link Examples}. Items are keyed by the part's file stem and the
 * row's stable id, so edits, reordering and renames keep their scores.
 *
 * <p>Run the {@link org.isstudio.format.validate.Validator} first: a row it reports as an error is refused here with
 * the same cause.
 */
public final class ProjectItems {

    private ProjectItems() {
    }

    /** One series per part, named by the part's file stem ({@code memo-trap-PART2}). */
    public static List<TaskRun.Series> series(TaskProject project) {
        List<TaskRun.Series> out = new ArrayList<>();
        for (TaskPart part : project.parts()) out.add(series(part, part.fileStem(project.name())));
        return out;
    }

    /**
     * The parts that have a template, rendered with {@code shots} demonstrations each, as series named
     * {@code <stem> k=<shots>}: the few-shot sweep's variants.
     */
    public static List<TaskRun.Series> withShots(TaskProject project, int shots) {
        List<TaskRun.Series> out = new ArrayList<>();
        for (TaskPart part : project.parts()) {
            if (part.template() == null) continue;
            out.add(series(part.withTemplate(part.template().withShots(shots)),
                    part.fileStem(project.name()) + " k=" + shots));
        }
        return out;
    }

    /** Rows left out of a lenient conversion, and why. */
    public record Problem(String series, String rowId, String message) {
    }

    /** @param problems rows that cannot be rendered or typed yet (they are not in {@code series}) */
    public record Conversion(List<TaskRun.Series> series, List<Problem> problems) {
        public Conversion {
            series = List.copyOf(series);
            problems = List.copyOf(problems);
        }
    }

    /**
     * For scoring while the author edits: a row that cannot be rendered or typed yet (a half-typed class list) is left
     * out and reported instead of failing its whole part; the others are scored.
     */
    public static Conversion lenient(TaskProject project) {
        List<TaskRun.Series> series = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (TaskPart part : project.parts()) {
            String name = part.fileStem(project.name());
            List<Row> rendered;
            try {
                rendered = TemplateRenderer.render(part);
            } catch (IllegalArgumentException e) {
                rendered = null; // some row does not render: go row by row to find which
            }
            List<EvalItem> items = new ArrayList<>();
            for (int i = 0; i < part.rows().size(); i++) {
                String id = part.rows().get(i).id();
                try {
                    Row row = rendered != null ? rendered.get(i) : TemplateRenderer.render(part, id);
                    items.add(item(name, part, row));
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem(name, id, e.getMessage()));
                }
            }
            series.add(new TaskRun.Series(name, part.taskType(), items));
        }
        return new Conversion(series, problems);
    }

    private static TaskRun.Series series(TaskPart part, String name) {
        List<EvalItem> items = new ArrayList<>();
        for (Row row : TemplateRenderer.render(part)) items.add(item(name, part, row));
        return new TaskRun.Series(name, part.taskType(), items);
    }

    private static EvalItem item(String series, TaskPart part, Row row) {
        return new EvalItem(new EvalItem.Key(series, row.id()), Examples.of(part.taskType(), row));
    }
}
