package org.isstudio.ui.testing;

import org.isstudio.model.Columns;
import org.isstudio.model.FormAnswers;
import org.isstudio.model.PartKind;
import org.isstudio.model.Row;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;
import org.isstudio.ui.services.ClassesCodec;
import org.isstudio.ui.services.ModelInfo;
import org.isstudio.ui.services.ModelSeries;
import org.isstudio.ui.services.RowScore;
import org.isstudio.ui.services.ScoringListener;
import org.isstudio.ui.services.ScoringService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/** Small hand-written stand-ins for the services, and projects to test with. */
public final class Fakes {

    public static final Executor DIRECT = Runnable::run;

    private Fakes() {
    }

    /** A classification project with one main part of {@code n} rows "q0".."q{n-1}", ids r0.. */
    public static TaskProject project(int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> cells = new LinkedHashMap<>();
            cells.put(Columns.PROMPT, "q" + i);
            cells.put(Columns.CLASSES, "[' yes', ' no']");
            cells.put(Columns.ANSWER_INDEX, Integer.toString(i % 2));
            rows.add(new Row("r" + i, cells));
        }
        TaskPart part = new TaskPart(PartKind.MAIN, 0, TaskType.CLASSIFICATION,
                List.of(Columns.PROMPT, Columns.CLASSES, Columns.ANSWER_INDEX), rows, null);
        return new TaskProject("demo-task", FormAnswers.empty(), List.of(part), List.of());
    }

    /** Parses the simple single-quoted lists the tests use: {@code [' a', ' b']}. */
    public static final ClassesCodec CLASSES = new ClassesCodec() {
        @Override
        public List<String> parse(String literal) {
            String s = literal.strip();
            if (!s.startsWith("[") || !s.endsWith("]")) throw new IllegalArgumentException("not a list: " + literal);
            List<String> out = new ArrayList<>();
            for (String part : s.substring(1, s.length() - 1).split("',\\s*")) {
                String p = part.strip();
                if (p.isEmpty()) continue;
                if (!p.startsWith("'")) throw new IllegalArgumentException("not a string: " + p);
                out.add(p.substring(1, p.endsWith("'") ? p.length() - 1 : p.length()));
            }
            return out;
        }

        @Override
        public String format(List<String> classes) {
            return "[" + String.join(", ", classes.stream().map(c -> "'" + c + "'").toList()) + "]";
        }
    };

    public static final ModelInfo SMALL = new ModelInfo("demo/s", "s", "demo", 1_000_000);
    public static final ModelInfo MEDIUM = new ModelInfo("demo/m", "m", "demo", 10_000_000);
    public static final ModelInfo LARGE = new ModelInfo("demo/l", "l", "demo", 100_000_000);

    public static RowScore score(TaskProject p, String rowId, ModelInfo m, double value) {
        Row r = p.parts().getFirst().rows().stream().filter(x -> x.id().equals(rowId)).findFirst().orElseThrow();
        return new RowScore(PartKind.MAIN, 0, rowId, r.cells(), m.id(), value, value < Math.log(2) ? 1 : 0, -0.5,
                List.of(Math.exp(-value), 1 - Math.exp(-value)), List.of());
    }

    /** A scoring service that records what the UI asks and lets the test play the back end's part. */
    public static final class Scoring implements ScoringService {
        public final List<String> calls = new ArrayList<>();
        public ScoringListener listener;
        public TaskProject lastProject;

        @Override
        public List<ModelSeries> catalog() {
            return List.of(new ModelSeries("Demo", "three tiny models", List.of(SMALL, MEDIUM, LARGE), true, ""));
        }

        @Override
        public ModelInfo resolve(String reference) {
            return new ModelInfo(reference, reference, "custom", 5_000_000);
        }

        @Override
        public Session start(TaskProject project, List<ModelInfo> models, ScoringListener l) {
            calls.add("start " + models.size());
            listener = l;
            lastProject = project;
            return new Session() {
                @Override
                public void update(TaskProject p) {
                    calls.add("update");
                    lastProject = p;
                }

                @Override
                public void pause() {
                    calls.add("pause");
                }

                @Override
                public void resume() {
                    calls.add("resume");
                }

                @Override
                public void cancel() {
                    calls.add("cancel");
                }
            };
        }
    }
}
