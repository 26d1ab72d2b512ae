package org.isstudio.eval;

import org.isstudio.format.pyliteral.PyLiteral;
import org.isstudio.format.pyliteral.PyLiteralException;
import org.isstudio.format.template.TemplateRenderer;
import org.isstudio.model.Columns;
import org.isstudio.model.Example;
import org.isstudio.model.Row;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;

import java.util.ArrayList;
import java.util.List;

/**
 * A project's parts as series of items to score: each part's rows rendered through its template (when it has one)
 * into contest rows, and each contest row typed into an {@link Example}. Items are keyed by the part's file stem and
 * the row's stable id, so edits, reordering and renames keep their scores.
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
                    items.add(new EvalItem(new EvalItem.Key(name, id), example(row, part.taskType())));
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
        for (Row row : TemplateRenderer.render(part)) {
            items.add(new EvalItem(new EvalItem.Key(name, row.id()), example(row, part.taskType())));
        }
        return new TaskRun.Series(name, part.taskType(), items);
    }

    /**
     * A contest row as the contest's loader types it.
     *
     * @throws IllegalArgumentException naming the row and column when a cell cannot be read
     */
    public static Example example(Row row, TaskType type) {
        String prompt = row.get(Columns.PROMPT);
        if (type == TaskType.SEQUENCE_PROB) return new Example.SequenceProb(prompt, row.get(Columns.COMPLETION));
        List<String> classes;
        try {
            classes = PyLiteral.parseStringList(row.get(Columns.CLASSES));
        } catch (PyLiteralException e) {
            throw new IllegalArgumentException("row " + row.id() + ", classes: " + e.getMessage(), e);
        }
        int answer;
        try {
            String a = row.get(Columns.ANSWER_INDEX).strip();
            answer = Integer.parseInt(a.startsWith("+") ? a.substring(1) : a);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("row " + row.id() + ", answer_index: '" + row.get(Columns.ANSWER_INDEX)
                    + "' is not an integer", e);
        }
        if (answer < 0 || answer >= classes.size()) {
            throw new IllegalArgumentException("row " + row.id() + ", answer_index: " + answer + " is not the index of one of the "
                    + classes.size() + " classes");
        }
        return type.isLogodds() ? new Example.Logodds(prompt, row.get(Columns.OTHER_PROMPT), classes, answer)
                : new Example.Classification(prompt, classes, answer);
    }
}
