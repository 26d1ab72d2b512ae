package org.isstudio.format.template;

import org.isstudio.format.pyliteral.PyLiteral;
import org.isstudio.format.pyliteral.PyLiteralException;
import org.isstudio.model.Columns;
import org.isstudio.model.PromptTemplate;
import org.isstudio.model.Row;
import org.isstudio.model.ShotSelection;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import java.util.TreeMap;

/**
 * Renders the rows of a templated part into contest rows (the prompt with its few-shot demonstrations, the
 * classes as a Python list literal, the answer index; or the completion; or the other prompt), the single
 * code path used by the preview, the scoring and the export.
 *
 * <p>A rendered prompt is {@code instruction + shot_1 + separator + ... + shot_k + separator + prompt}. A shot
 * is another row of the part rendered with its correct continuation appended (the class at its answer index,
 * or its completion): the contest requires demonstrations of correct behaviour. A row is never its own shot.
 * Which rows are shots depends only on the template (its selection rule and recorded seed) and the part, so
 * rendering is deterministic. {@code template.withShots(0)} is the zero-shot version of the same task.
 */
public final class TemplateRenderer {

    private TemplateRenderer() {
    }

    /** Every row of the part as a contest row with the same id; a part without a template is returned as is. */
    public static List<Row> render(TaskPart part) {
        if (part.template() == null) return part.rows();
        Context ctx = new Context(part);
        List<Row> out = new ArrayList<>(part.rows().size());
        for (int i = 0; i < part.rows().size(); i++) out.add(ctx.render(i));
        return out;
    }

    /** One row's outcome: its rendering, or why it has none. */
    public record Outcome(Row source, Row rendered, TemplateException error) {
    }

    /** Every row rendered, a row that fails not stopping the others (the validator reports each failure). */
    public static List<Outcome> renderEach(TaskPart part) {
        List<Outcome> out = new ArrayList<>(part.rows().size());
        Context ctx = part.template() == null ? null : new Context(part);
        for (int i = 0; i < part.rows().size(); i++) {
            Row row = part.rows().get(i);
            if (ctx == null) {
                out.add(new Outcome(row, row, null));
                continue;
            }
            try {
                out.add(new Outcome(row, ctx.render(i), null));
            } catch (TemplateException e) {
                out.add(new Outcome(row, null, e));
            }
        }
        return out;
    }

    /** One row of the part, rendered. */
    public static Row render(TaskPart part, String rowId) {
        for (int i = 0; i < part.rows().size(); i++) {
            if (part.rows().get(i).id().equals(rowId)) {
                return part.template() == null ? part.rows().get(i) : new Context(part).render(i);
            }
        }
        throw new IllegalArgumentException("no row '" + rowId + "' in " + part.kind() + " " + part.number());
    }

    /** The template fields a template reads from each row, in order of first use. */
    public static List<String> fields(PromptTemplate t) {
        List<String> out = new ArrayList<>();
        List<String> patterns = new ArrayList<>(List.of(t.instruction(), t.promptPattern()));
        patterns.addAll(t.classPatterns());
        patterns.add(t.answerPattern());
        patterns.add(t.otherPromptPattern());
        for (String p : patterns) for (String f : FieldPattern.fields(p)) if (!out.contains(f)) out.add(f);
        return out;
    }

    /** One part's rendering state: the parsed parts of every row, computed once and shared by its shots. */
    private static final class Context {
        private final TaskPart part;
        private final PromptTemplate t;
        private final TaskType type;
        private final Map<Integer, Parsed> parsed = new LinkedHashMap<>();

        Context(TaskPart part) {
            this.part = part;
            this.t = part.template();
            this.type = part.taskType();
        }

        /** A row's own pieces before shots are added. */
        private record Parsed(String prompt, List<String> classes, int answer, String completion, String otherPrompt) {
            String correctContinuation() {
                return classes == null ? completion : classes.get(answer);
            }

            /** What groups rows for BALANCED selection: the answer's position, which is what could leak. */
            String answerKey() {
                return classes == null ? completion : Integer.toString(answer);
            }
        }

        private Parsed parsed(int i) {
            Parsed p = parsed.get(i);
            if (p == null) {
                p = parse(part.rows().get(i));
                parsed.put(i, p);
            }
            return p;
        }

        private Parsed parse(Row row) {
            String prompt = FieldPattern.fill(t.promptPattern(), row, "the prompt pattern");
            if (type == TaskType.SEQUENCE_PROB) {
                return new Parsed(prompt, null, -1, FieldPattern.fill(t.answerPattern(), row, "the completion pattern"), "");
            }
            List<String> classes = classes(row);
            String answerText = FieldPattern.fill(t.answerPattern(), row, "the answer pattern").strip();
            int answer;
            try {
                answer = Integer.parseInt(answerText);
            } catch (NumberFormatException e) {
                throw new TemplateException(row.id(), fieldOf(t.answerPattern()), "the answer index is '" + answerText + "', not a whole number");
            }
            if (answer < 0 || answer >= classes.size()) {
                throw new TemplateException(row.id(), fieldOf(t.answerPattern()), "the answer index " + answer + " is outside the "
                        + classes.size() + " classes (0 to " + (classes.size() - 1) + ")");
            }
            String other = type.isLogodds() ? FieldPattern.fill(t.otherPromptPattern(), row, "the other-prompt pattern") : "";
            return new Parsed(prompt, classes, answer, null, other);
        }

        private List<String> classes(Row row) {
            List<String> patterns = t.classPatterns();
            if (patterns.isEmpty()) throw new TemplateException(row.id(), "", "the template has no class pattern");
            if (patterns.size() == 1 && FieldPattern.isSingleField(patterns.getFirst())) {
                String field = fieldOf(patterns.getFirst());
                try {
                    return PyLiteral.parseStringList(FieldPattern.fill(patterns.getFirst(), row, "the classes pattern"));
                } catch (PyLiteralException e) {
                    throw new TemplateException(row.id(), field, "field '" + field + "' should hold a Python list of strings, but "
                            + e.getMessage());
                }
            }
            List<String> out = new ArrayList<>();
            for (String p : patterns) out.add(FieldPattern.fill(p, row, "a class pattern"));
            return out;
        }

        private static String fieldOf(String pattern) {
            List<String> f = FieldPattern.fields(pattern);
            return f.isEmpty() ? "" : f.getFirst();
        }

        Row render(int i) {
            Row row = part.rows().get(i);
            Parsed self = parsed(i);
            StringBuilder shots = new StringBuilder(t.instruction());
            for (int s : shots(i)) {
                Parsed shot;
                try {
                    shot = parsed(s);
                } catch (TemplateException e) {
                    throw new TemplateException(e.rowId(), e.field(), "shot row " + (s + 1) + " cannot be rendered: " + e.getMessage());
                }
                shots.append(shot.prompt()).append(shot.correctContinuation()).append(t.separator());
            }
            Map<String, String> cells = new LinkedHashMap<>();
            cells.put(Columns.PROMPT, shots + self.prompt());
            if (type == TaskType.SEQUENCE_PROB) {
                cells.put(Columns.COMPLETION, self.completion());
            } else {
                if (type.isLogodds()) cells.put(Columns.OTHER_PROMPT, shots + self.otherPrompt());
                cells.put(Columns.CLASSES, PyLiteral.reprStrings(self.classes()));
                cells.put(Columns.ANSWER_INDEX, Integer.toString(self.answer()));
            }
            return new Row(row.id(), cells);
        }

        /** The row indexes of row i's demonstrations, in the order they are shown. */
        private List<Integer> shots(int i) {
            int k = t.shots();
            if (k == 0) return List.of();
            if (t.selection() == ShotSelection.FIXED) return fixed(i, k);
            int others = part.rows().size() - 1;
            if (others < k) {
                throw new TemplateException(part.rows().get(i).id(), "", k + " shots were asked for, but the part has only "
                        + others + " other rows");
            }
            IntUnaryOperator skipSelf = j -> j < i ? j : j + 1;
            return switch (t.selection()) {
                case FIRST_N -> sample(others, k, skipSelf, null);
                case RANDOM -> sample(others, k, skipSelf, random(i));
                case BALANCED -> balanced(i, k, random(i));
                case FIXED -> throw new IllegalStateException();
            };
        }

        private List<Integer> fixed(int i, int k) {
            List<Integer> out = new ArrayList<>();
            for (String id : t.fixedShotIds()) {
                if (out.size() == k) break;
                int j = indexOf(id);
                if (j < 0) throw new TemplateException(part.rows().get(i).id(), "", "fixed shot '" + id + "' is not a row of this part");
                if (j != i) out.add(j);
            }
            if (out.size() < k) {
                throw new TemplateException(part.rows().get(i).id(), "", k + " shots were asked for, but only " + out.size()
                        + " fixed shots other than this row are listed (list one more than k so every row gets k)");
            }
            return out;
        }

        private int indexOf(String id) {
            for (int j = 0; j < part.rows().size(); j++) if (part.rows().get(j).id().equals(id)) return j;
            return -1;
        }

        /** A generator for row i that depends only on the recorded seed and the row's identity. */
        private SplittableRandom random(int i) {
            return new SplittableRandom(t.seed() * 0x9E3779B97F4A7C15L + part.rows().get(i).id().hashCode());
        }

        /**
         * {@code count} distinct positions of {@code 0..m-1}, mapped through {@code at}: the first ones when
         * {@code random} is null, else a uniform draw in random order (Floyd's algorithm, so a row costs O(k),
         * not O(rows), and a 20,000-row part renders in linear time).
         */
        private static List<Integer> sample(int m, int count, IntUnaryOperator at, SplittableRandom random) {
            List<Integer> out = new ArrayList<>(count);
            if (random == null) {
                for (int j = 0; j < count; j++) out.add(at.applyAsInt(j));
                return out;
            }
            Set<Integer> chosen = new LinkedHashSet<>();
            for (int j = m - count; j < m; j++) {
                int r = random.nextInt(j + 1);
                chosen.add(chosen.contains(r) ? j : r);
            }
            for (int j : chosen) out.add(at.applyAsInt(j));
            shuffle(out, random);
            return out;
        }

        private static void shuffle(List<Integer> list, SplittableRandom random) {
            for (int n = list.size() - 1; n > 0; n--) {
                int j = random.nextInt(n + 1);
                Integer tmp = list.get(n);
                list.set(n, list.get(j));
                list.set(j, tmp);
            }
        }

        /** Rows grouped by correct answer, in a fixed order of answers; computed once per part. */
        private List<List<Integer>> groups;

        private List<List<Integer>> groups() {
            if (groups == null) {
                Map<String, List<Integer>> byAnswer = new TreeMap<>();
                for (int j = 0; j < part.rows().size(); j++) {
                    byAnswer.computeIfAbsent(parsed(j).answerKey(), a -> new ArrayList<>()).add(j);
                }
                groups = List.copyOf(byAnswer.values());
            }
            return groups;
        }

        /** Round-robin over the correct answers from a random one, a random row of each in turn, shown in random order. */
        private List<Integer> balanced(int i, int k, SplittableRandom random) {
            List<List<Integer>> gs = groups();
            int[] available = new int[gs.size()];
            int[] take = new int[gs.size()];
            for (int g = 0; g < gs.size(); g++) available[g] = gs.get(g).size() - (gs.get(g).contains(i) ? 1 : 0);
            int total = 0;
            for (int g = random.nextInt(gs.size()); total < k; g = (g + 1) % gs.size()) {
                if (take[g] < available[g]) {
                    take[g]++;
                    total++;
                }
            }
            List<Integer> out = new ArrayList<>(k);
            for (int g = 0; g < gs.size(); g++) {
                List<Integer> group = gs.get(g);
                int self = group.indexOf(i);
                out.addAll(sample(available[g], take[g], j -> group.get(self < 0 || j < self ? j : j + 1), random));
            }
            shuffle(out, random);
            return out;
        }
    }
}
