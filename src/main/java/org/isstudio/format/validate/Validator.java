package org.isstudio.format.validate;

import org.isstudio.format.csv.Pandas;
import org.isstudio.format.pyliteral.PyLiteral;
import org.isstudio.format.pyliteral.PyLiteralException;
import org.isstudio.format.template.TemplateRenderer;
import org.isstudio.format.zip.SubmissionLayout;
import org.isstudio.model.Columns;
import org.isstudio.model.Diagnostic;
import org.isstudio.model.PartKind;
import org.isstudio.model.Row;
import org.isstudio.model.Severity;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every check the contest's loader would fail on, and every pitfall of the prize spec (§2, §3.1, §6, §7), as
 * diagnostics with file, row and column. An error is what the official code would crash on or silently
 * misread; a warning is what it accepts but a reviewer would frown at.
 */
public final class Validator {

    /** The contest's minimum; the README's advice is about 1000. */
    public static final int MIN_EXAMPLES = 300;
    public static final int ADVISED_EXAMPLES = 1000;
    /** The HF path truncates inputs to 1023 tokens on the right, cutting off the classes. */
    public static final int MAX_TOKENS = 1023;
    /** Above this the spec advises a warning, before the truncation bites. */
    public static final int WARN_TOKENS = 1000;

    private final TokenCounter tokens;

    /** Without a tokenizer: the token-length and single-token checks are skipped. */
    public Validator() {
        this(null);
    }

    public Validator(TokenCounter tokens) {
        this.tokens = tokens;
    }

    /** A whole project: its name and layout, every part rendered through its template and checked. */
    public List<Diagnostic> check(TaskProject project) {
        List<Diagnostic> out = new ArrayList<>(SubmissionLayout.problems(project));
        int examples = 0;
        for (TaskPart part : project.parts()) {
            String file = part.fileStem(project.name()) + ".csv";
            List<Row> rendered = new ArrayList<>();
            List<Integer> lines = new ArrayList<>();
            List<TemplateRenderer.Outcome> outcomes = TemplateRenderer.renderEach(part);
            for (int i = 0; i < outcomes.size(); i++) {
                TemplateRenderer.Outcome o = outcomes.get(i);
                if (o.error() == null) {
                    rendered.add(o.rendered());
                    lines.add(i + 2);
                } else {
                    out.add(new Diagnostic(Severity.ERROR, file, i + 2, o.error().field(), o.error().getMessage(), o.source().id()));
                }
            }
            List<String> columns = part.template() == null ? part.columns() : part.taskType().requiredColumns();
            ContestTable table = new ContestTable(file, part.taskType(), columns, rendered, lines,
                    ContestTable.Dialect.CSV, 0, true);
            out.addAll(checkTable(table, false));
            if (part.kind() != PartKind.CONTROL) examples += part.rows().size();
        }
        if (!project.parts().isEmpty() && examples < MIN_EXAMPLES) {
            out.add(new Diagnostic(Severity.WARNING, project.name(), 0, "", examples + " examples; the contest asks for at least "
                    + MIN_EXAMPLES + " and advises aiming for about " + ADVISED_EXAMPLES));
        }
        return out;
    }

    /** One contest file (CSV or JSONL) or one rendered part. */
    public List<Diagnostic> check(ContestTable t) {
        return checkTable(t, true);
    }

    private List<Diagnostic> checkTable(ContestTable t, boolean countExamples) {
        Checks c = new Checks(t);
        if (!c.columns()) return c.out;
        if (t.rows().isEmpty()) {
            c.add(Severity.ERROR, "", "no examples: the file has a header but no rows");
            return c.out;
        }
        c.dtypes();
        for (int i = 0; i < t.rows().size(); i++) c.row(i);
        c.duplicates();
        c.constantAnswer();
        if (countExamples && t.rows().size() < MIN_EXAMPLES) {
            c.add(Severity.WARNING, "", t.rows().size() + " examples; the contest asks for at least " + MIN_EXAMPLES
                    + " and advises aiming for about " + ADVISED_EXAMPLES);
        }
        return c.out;
    }

    /** The checks of one table, collecting into {@link #out}. */
    private final class Checks {
        final ContestTable t;
        final List<Diagnostic> out = new ArrayList<>();
        /** Rows whose answer_index is usable, by row position. */
        final Map<Integer, BigInteger> answers = new HashMap<>();

        Checks(ContestTable t) {
            this.t = t;
        }

        /** About the whole file (row 0). */
        void add(Severity s, String column, String message) {
            out.add(new Diagnostic(s, t.file(), 0, column, message));
        }

        void addRow(Severity s, int i, String column, String message) {
            out.add(new Diagnostic(s, t.file(), t.lines().get(i), column, message, t.fromProject() ? t.rows().get(i).id() : null));
        }

        boolean columns() {
            boolean ok = true;
            for (String col : t.type().requiredColumns()) {
                if (t.columns().contains(col)) continue;
                String hint = col.equals(Columns.OTHER_PROMPT) && t.columns().contains("biased_prompt")
                        ? " (early organiser files called it biased_prompt; the final code reads only other_prompt)" : "";
                out.add(new Diagnostic(Severity.ERROR, t.file(), 1, col, "missing column '" + col + "', which "
                        + t.type().contestName() + " needs (columns are " + String.join(", ", t.columns()) + ")" + hint));
                ok = false;
            }
            if (t.implicitIndexColumns() > 0) {
                out.add(new Diagnostic(Severity.WARNING, t.file(), 2, "", "the first data row has " + t.implicitIndexColumns()
                        + " more field(s) than the header, so pandas uses the first " + t.implicitIndexColumns()
                        + " column(s) as the row index; add a header name for them or remove them"));
            }
            return ok;
        }

        /** Whole-column types pandas infers: a text column that reads as numbers crashes {@code prompt + completion}. */
        void dtypes() {
            if (t.dialect() != ContestTable.Dialect.CSV) return;
            for (String col : textColumns()) {
                List<String> values = t.rows().stream().map(r -> r.has(col) ? r.get(col) : null).toList();
                Pandas.Dtype d = Pandas.inferDtype(values);
                if (d != Pandas.Dtype.OBJECT) {
                    out.add(new Diagnostic(Severity.ERROR, t.file(), 0, col, "every " + col + " reads as a " + d.pandasName()
                            + " to pandas (e.g. '" + values.getFirst() + "'), so the column is not text and the contest code "
                            + "crashes on prompt + " + (col.equals(Columns.PROMPT) ? "class" : col) + "; make at least one value non-numeric"));
                }
            }
        }

        private List<String> textColumns() {
            return t.type().requiredColumns().stream()
                    .filter(c -> c.equals(Columns.PROMPT) || c.equals(Columns.COMPLETION) || c.equals(Columns.OTHER_PROMPT))
                    .toList();
        }

        void row(int i) {
            Row row = t.rows().get(i);
            boolean textOk = true;
            for (String col : textColumns()) textOk &= text(i, row, col);
            if (t.type() == TaskType.SEQUENCE_PROB) {
                if (textOk) sequenceProb(i, row);
                return;
            }
            Optional<List<String>> classes = classes(i, row);
            Optional<BigInteger> answer = answerIndex(i, row);
            if (classes.isEmpty()) return;
            List<String> cls = classes.get();
            if (answer.isPresent()) {
                BigInteger a = answer.get();
                if (a.signum() < 0 || a.compareTo(BigInteger.valueOf(cls.size())) >= 0) {
                    addRow(Severity.ERROR, i, Columns.ANSWER_INDEX, "answer_index " + a + " is outside 0.." + (cls.size() - 1)
                            + " for " + cls.size() + " classes" + (a.signum() < 0 ? " (the contest code would silently count from the end)" : ""));
                } else {
                    answers.put(i, a);
                }
            }
            if (textOk) tokenChecks(i, row, cls);
        }

        /** A prompt, completion or other_prompt cell: present, not an NA string, no trailing whitespace. */
        private boolean text(int i, Row row, String col) {
            String v = row.has(col) ? row.get(col) : null;
            if (v == null || (t.dialect() == ContestTable.Dialect.CSV && Pandas.isNa(v))) {
                addRow(Severity.ERROR, i, col, naMessage(col, v));
                return false;
            }
            if (t.dialect() == ContestTable.Dialect.CSV && v.equals(Pandas.NA_FROM_PANDAS_2)) {
                addRow(Severity.WARNING, i, col, col + " is 'None', which pandas 2 and later read as a missing value "
                        + "(the contest's pandas 1.x keeps it as text); anyone rerunning the colab today would crash");
            }
            if (col.equals(Columns.PROMPT) || col.equals(Columns.OTHER_PROMPT)) {
                if (!v.isEmpty() && Character.isWhitespace(v.charAt(v.length() - 1))) {
                    addRow(Severity.WARNING, i, col, col + " ends in whitespace (" + describeEnd(v) + "); the class is appended "
                            + "directly, so the space belongs at the start of the class (the organisers stripped these)");
                }
            }
            return true;
        }

        private String naMessage(String col, String v) {
            if (v == null) return col + " is missing (the row is shorter than the header)";
            if (v.isEmpty()) return col + " is empty; pandas reads it as a missing value (NaN) and the contest code would crash";
            return col + " is '" + v + "', which pandas reads as a missing value (NaN) even when quoted; the contest code would crash";
        }

        private static String describeEnd(String v) {
            char c = v.charAt(v.length() - 1);
            return switch (c) {
                case ' ' -> "a space";
                case '\n' -> "a line break";
                case '\r' -> "a carriage return";
                case '\t' -> "a tab";
                default -> String.format("U+%04X", (int) c);
            };
        }

        private void sequenceProb(int i, Row row) {
            String completion = row.get(Columns.COMPLETION);
            String prompt = row.get(Columns.PROMPT);
            if (!completion.isEmpty() && !Character.isWhitespace(completion.charAt(0)) && !prompt.isEmpty()
                    && !Character.isWhitespace(prompt.charAt(prompt.length() - 1))) {
                addRow(Severity.WARNING, i, Columns.COMPLETION, "completion does not start with a space, so its first token "
                        + "may merge with the prompt's last one (GPT-3 requires it to start on a token boundary)");
            }
            if (tokens != null) length(i, Columns.COMPLETION, prompt + completion);
        }

        private Optional<List<String>> classes(int i, Row row) {
            String v = row.has(Columns.CLASSES) ? row.get(Columns.CLASSES) : null;
            if (v == null || (t.dialect() == ContestTable.Dialect.CSV && Pandas.isNa(v))) {
                addRow(Severity.ERROR, i, Columns.CLASSES, naMessage(Columns.CLASSES, v));
                return Optional.empty();
            }
            List<String> cls;
            try {
                cls = PyLiteral.parseStringList(v);
            } catch (PyLiteralException e) {
                String where = e.line() > 1 || e.column() > 1 ? " at line " + e.line() + ", column " + e.column() + " of the cell" : "";
                addRow(Severity.ERROR, i, Columns.CLASSES, "classes " + e.reason() + where
                        + "; it must be a Python list of strings such as [' Yes', ' No'] (ast.literal_eval reads it)");
                return Optional.empty();
            }
            boolean ok = true;
            if (t.type().isLogodds() && cls.size() != 2) {
                addRow(Severity.ERROR, i, Columns.CLASSES, "logodds needs exactly 2 classes, this row has " + cls.size());
                ok = false;
            } else if (cls.size() < 2) {
                addRow(Severity.ERROR, i, Columns.CLASSES, "classes has " + cls.size() + " item(s); at least 2 are needed (one class "
                        + "always gets loss 0)");
                ok = false;
            }
            Set<String> seen = new HashSet<>();
            for (int k = 0; k < cls.size(); k++) {
                String c = cls.get(k);
                if (c.isEmpty()) {
                    addRow(Severity.ERROR, i, Columns.CLASSES, "class " + k + " is empty (the contest's leading-space check crashes on it)");
                    ok = false;
                } else if (!seen.add(c)) {
                    addRow(Severity.ERROR, i, Columns.CLASSES, "class " + k + " " + PyLiteral.reprString(c) + " repeats an earlier class");
                    ok = false;
                } else if (c.charAt(0) != ' ') {
                    addRow(Severity.WARNING, i, Columns.CLASSES, "class " + k + " " + PyLiteral.reprString(c) + " does not start with "
                            + "a space; it is appended to the prompt directly (the contest code prints a warning for this)");
                }
            }
            return ok ? Optional.of(cls) : Optional.empty();
        }

        private Optional<BigInteger> answerIndex(int i, Row row) {
            String v = row.has(Columns.ANSWER_INDEX) ? row.get(Columns.ANSWER_INDEX) : null;
            if (v == null || (t.dialect() == ContestTable.Dialect.CSV && Pandas.isNa(v))) {
                addRow(Severity.ERROR, i, Columns.ANSWER_INDEX, naMessage(Columns.ANSWER_INDEX, v)
                        + (v != null && v.isEmpty() ? " (and the whole column becomes float)" : ""));
                return Optional.empty();
            }
            if (!Pandas.isIntegerLiteral(v)) {
                String why = Pandas.looksNumeric(v) ? "a float; write a whole number such as 1, not 1.0 (a float index crashes the "
                        + "Hugging Face path)" : "not a whole number";
                addRow(Severity.ERROR, i, Columns.ANSWER_INDEX, "answer_index '" + v + "' is " + why);
                return Optional.empty();
            }
            BigInteger a = Pandas.integerValue(v);
            if (t.type().isLogodds() && !(a.equals(BigInteger.ZERO) || a.equals(BigInteger.ONE))) {
                addRow(Severity.ERROR, i, Columns.ANSWER_INDEX, "logodds answer_index must be 0 or 1, not " + a);
                return Optional.empty();
            }
            return Optional.of(a);
        }

        private void tokenChecks(int i, Row row, List<String> cls) {
            if (tokens == null) return;
            String prompt = row.get(Columns.PROMPT);
            if (t.type().isLogodds()) {
                int bos = tokens.encode("").length;
                int[] last = new int[2];
                for (int k = 0; k < 2; k++) {
                    int[] ids = tokens.encode(cls.get(k));
                    last[k] = ids.length == 0 ? -1 - k : ids[ids.length - 1];
                    if (ids.length - bos != 1) {
                        addRow(Severity.ERROR, i, Columns.CLASSES, "logodds class " + k + " " + PyLiteral.reprString(cls.get(k))
                                + " is " + (ids.length - bos) + " tokens; the contest code reads only the last one, so classes must be single tokens");
                    }
                }
                if (last[0] == last[1]) {
                    addRow(Severity.ERROR, i, Columns.CLASSES, "both logodds classes end in the same token, so their log-odds is always 0 "
                            + "(the organisers removed such rows)");
                }
                length(i, Columns.PROMPT, prompt);
                length(i, Columns.OTHER_PROMPT, row.get(Columns.OTHER_PROMPT));
            } else {
                String longest = cls.stream().max((a, b) -> Integer.compare(a.length(), b.length())).orElse("");
                length(i, Columns.PROMPT, prompt + longest);
            }
        }

        private void length(int i, String column, String text) {
            int n = tokens.encode(text).length;
            if (n > MAX_TOKENS) {
                addRow(Severity.ERROR, i, column, "prompt and continuation are " + n + " tokens; the contest truncates at " + MAX_TOKENS
                        + " from the right, so the scored tokens are cut off");
            } else if (n > WARN_TOKENS) {
                addRow(Severity.WARNING, i, column, "prompt and continuation are " + n + " tokens, close to the contest's "
                        + MAX_TOKENS + "-token truncation");
            }
        }

        void duplicates() {
            Map<List<String>, Integer> first = new HashMap<>();
            for (int i = 0; i < t.rows().size(); i++) {
                Row row = t.rows().get(i);
                List<String> key = t.type().requiredColumns().stream().map(row::get).toList();
                Integer earlier = first.putIfAbsent(key, i);
                if (earlier != null) {
                    addRow(Severity.WARNING, i, "", "duplicate of row " + t.lines().get(earlier)
                            + " (same " + String.join(", ", t.type().requiredColumns()) + "); the organisers removed duplicates");
                }
            }
        }

        void constantAnswer() {
            if (t.type() == TaskType.SEQUENCE_PROB || answers.size() < 2 || answers.size() != t.rows().size()) return;
            Set<BigInteger> distinct = new HashSet<>(answers.values());
            if (distinct.size() == 1) {
                out.add(new Diagnostic(Severity.WARNING, t.file(), 0, Columns.ANSWER_INDEX, "answer_index is "
                        + distinct.iterator().next() + " in every row; the class order can give the answer away"));
            }
        }
    }
}
