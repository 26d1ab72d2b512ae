package org.isstudio.format;

import org.isstudio.model.FormAnswers;
import org.isstudio.model.PartKind;
import org.isstudio.model.PromptTemplate;
import org.isstudio.model.Row;
import org.isstudio.model.ShotSelection;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small projects for the format tests. */
public final class Fixtures {

    private Fixtures() {
    }

    public static Row row(String id, String... columnValuePairs) {
        Map<String, String> cells = new LinkedHashMap<>();
        for (int i = 0; i < columnValuePairs.length; i += 2) cells.put(columnValuePairs[i], columnValuePairs[i + 1]);
        return new Row(id, cells);
    }

    /** A templated classification part: question/yes/no/answer fields, n rows, answers alternating 0/1. */
    public static TaskPart templatedPart(int n, int shots, ShotSelection selection, long seed) {
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(row("q" + i, "question", "Is " + i + " even?", "answer", Integer.toString(i % 2 == 0 ? 0 : 1)));
        }
        PromptTemplate t = new PromptTemplate("Answer yes or no.\n\n", "Q: {question}\nA:", List.of(" yes", " no"),
                "{answer}", "", shots, selection, List.of(), seed, PromptTemplate.CONTEST_SEPARATOR);
        return new TaskPart(PartKind.MAIN, 1, TaskType.CLASSIFICATION, List.of("question", "answer"), rows, t);
    }

    /** A plain classification project of n valid rows with a tricky-to-quote prompt. */
    public static TaskProject plainProject(String name, int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(row("r" + i, "prompt", "Q: \"it's\", row " + i + "\r\nA:", "classes", "[' yes', \" it's\"]",
                    "answer_index", Integer.toString(i % 2)));
        }
        TaskPart part = new TaskPart(PartKind.MAIN, 1, TaskType.CLASSIFICATION, TaskType.CLASSIFICATION.requiredColumns(), rows, null);
        FormAnswers form = new FormAnswers("Ada Lovelace, Alan Turing", "A task.", "Because.", "Bigger models.", "New.",
                "By hand.", "hand-written", "none", "", "none", false);
        return new TaskProject(name, form, List.of(part), List.of("gpt2"));
    }
}
