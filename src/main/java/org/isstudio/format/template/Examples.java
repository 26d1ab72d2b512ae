package org.isstudio.format.template;

import org.isstudio.format.csv.Pandas;
import org.isstudio.format.pyliteral.PyLiteral;
import org.isstudio.format.pyliteral.PyLiteralException;
import org.isstudio.model.Columns;
import org.isstudio.model.Example;
import org.isstudio.model.Row;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskType;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Contest rows as the typed examples scoring works on: {@code classes} parsed as {@code ast.literal_eval}
 * would, {@code answer_index} read as the integer pandas reads. Rows should have passed the validator; one
 * that cannot become an example is refused with a {@link TemplateException} naming the row and column.
 */
public final class Examples {

    private Examples() {
    }

    /** Every row of a part, rendered through its template, as examples in row order. */
    public static List<Example> of(TaskPart part) {
        List<Example> out = new ArrayList<>(part.rows().size());
        for (Row r : TemplateRenderer.render(part)) out.add(of(part.taskType(), r));
        return out;
    }

    public static Example of(TaskType type, Row row) {
        String prompt = text(row, Columns.PROMPT);
        if (type == TaskType.SEQUENCE_PROB) return new Example.SequenceProb(prompt, text(row, Columns.COMPLETION));
        List<String> classes;
        try {
            classes = PyLiteral.parseStringList(text(row, Columns.CLASSES));
        } catch (PyLiteralException e) {
            throw new TemplateException(row.id(), Columns.CLASSES, "classes " + e.getMessage());
        }
        String answer = text(row, Columns.ANSWER_INDEX);
        if (!Pandas.isIntegerLiteral(answer)) {
            throw new TemplateException(row.id(), Columns.ANSWER_INDEX, "answer_index '" + answer + "' is not a whole number");
        }
        BigInteger a = Pandas.integerValue(answer);
        if (a.signum() < 0 || a.compareTo(BigInteger.valueOf(classes.size())) >= 0) {
            throw new TemplateException(row.id(), Columns.ANSWER_INDEX, "answer_index " + a + " is outside the " + classes.size() + " classes");
        }
        if (type.isLogodds()) return new Example.Logodds(prompt, text(row, Columns.OTHER_PROMPT), classes, a.intValue());
        return new Example.Classification(prompt, classes, a.intValue());
    }

    private static String text(Row row, String column) {
        if (!row.has(column)) throw new TemplateException(row.id(), column, "the row has no " + column);
        return row.get(column);
    }
}
