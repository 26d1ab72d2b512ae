package org.isstudio.format;

import org.isstudio.format.bigbench.BigBenchTask;
import org.isstudio.format.csv.CsvFormatException;
import org.isstudio.format.csv.CsvRecord;
import org.isstudio.format.csv.CsvTable;
import org.isstudio.format.csv.PandasCsvReader;
import org.isstudio.format.json.ProjectFile;
import org.isstudio.format.jsonl.ReleaseJsonl;
import org.isstudio.format.lmeval.LmEvalTask;
import org.isstudio.format.validate.ContestTable;
import org.isstudio.format.validate.TokenCounter;
import org.isstudio.format.validate.Validator;
import org.isstudio.format.zip.SubmissionZip;
import org.isstudio.model.Columns;
import org.isstudio.model.Diagnostic;
import org.isstudio.model.FormAnswers;
import org.isstudio.model.PartKind;
import org.isstudio.model.Row;
import org.isstudio.model.Severity;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * The one entry point for every file the application opens, imports, validates or writes, chosen by
 * extension: the project file ({@code .isproj}), a contest CSV, the data release's JSONL (or an
 * lm-evaluation-harness JSONL), a BIG-bench {@code task.json}, and the submission {@code .zip}.
 *
 * <pre>{@code
 * TaskProject p = TaskFiles.read(Path.of("memo-trap-PART2.csv"));   // name memo-trap, one PART 2
 * List<Diagnostic> d = TaskFiles.validate(Path.of("task.csv"), null, null);
 * TaskFiles.write(p, Path.of("memo-trap.isproj"));
 * }</pre>
 */
public final class TaskFiles {

    private static final java.util.regex.Pattern PART_STEM = java.util.regex.Pattern.compile("(.+)-(PART|CONTROL)(\\d+)");

    private TaskFiles() {
    }

    /** Extensions (without the dot) {@link #read} imports as a new project. */
    public static List<String> importExtensions() {
        return List.of("csv", "jsonl", "json");
    }

    /** Opens a project file, or imports any other supported file as a project. */
    public static TaskProject read(Path file) throws IOException {
        String ext = extension(file);
        return switch (ext) {
            case ProjectFile.EXTENSION -> ProjectFile.read(file);
            case "csv" -> fromCsv(file, null);
            case "jsonl" -> fromJsonl(file);
            case "json" -> BigBenchTask.read(file);
            default -> throw new TaskFileException(file.getFileName() + ": cannot open ." + ext + " files (open .isproj, .csv, "
                    + ".jsonl or a BIG-bench task.json)");
        };
    }

    /**
     * Writes a project by the extension of {@code file}: {@code .isproj} (atomic, with a backup), {@code .csv}
     * (a project of one part), {@code .jsonl} (the release format), {@code .zip} (the submission).
     */
    public static void write(TaskProject project, Path file) throws IOException {
        String ext = extension(file);
        switch (ext) {
            case ProjectFile.EXTENSION -> ProjectFile.save(project, file);
            case "csv" -> {
                if (project.parts().size() != 1) {
                    throw new TaskFileException(file.getFileName() + ": the project has " + project.parts().size()
                            + " parts and a CSV holds one; export the submission zip instead");
                }
                AtomicFiles.write(file, SubmissionZip.csv(project.parts().getFirst()).getBytes(StandardCharsets.UTF_8));
            }
            case "jsonl" -> AtomicFiles.write(file, ReleaseJsonl.write(project, 2).getBytes(StandardCharsets.UTF_8));
            case "zip" -> SubmissionZip.write(project, SubmissionZip.Options.CSV_ONLY, file);
            default -> throw new TaskFileException(file.getFileName() + ": cannot write ." + ext + " files (write .isproj, .csv, "
                    + ".jsonl or .zip)");
        }
    }

    /**
     * Every diagnostic for a file: a contest CSV or JSONL as the contest would load it, or a project.
     *
     * @param type   the task type, or {@code null} to infer it from the columns
     * @param tokens the scoring model's tokenizer for the length and single-token checks, or {@code null}
     */
    public static List<Diagnostic> validate(Path file, TaskType type, TokenCounter tokens) throws IOException {
        Validator validator = new Validator(tokens);
        String name = file.getFileName().toString();
        switch (extension(file)) {
            case ProjectFile.EXTENSION -> {
                return validator.check(ProjectFile.read(file));
            }
            case "csv" -> {
                CsvTable t;
                try {
                    t = PandasCsvReader.read(file);
                } catch (CsvFormatException e) {
                    return List.of(new Diagnostic(Severity.ERROR, e.file(), e.line(), e.column(), e.reason()));
                }
                return validator.check(ContestTable.of(t, type == null ? ContestTable.inferType(t.columns()) : type));
            }
            case "jsonl" -> {
                ReleaseJsonl.Read read = ReleaseJsonl.read(name, Utf8.read(file));
                ContestTable t = read.table();
                if (type != null) {
                    t = new ContestTable(t.file(), type, t.columns(), t.rows(), t.lines(), t.dialect(), 0, false);
                }
                List<Diagnostic> out = new ArrayList<>(read.problems());
                out.addAll(validator.check(t));
                return out;
            }
            default -> throw new TaskFileException(name + ": the contest reads only .csv and .jsonl files (and projects are .isproj)");
        }
    }

    /** An empty project of one main part with the contest columns of {@code type}. */
    public static TaskProject blank(String name, TaskType type) {
        TaskPart part = new TaskPart(PartKind.MAIN, 1, type, type.requiredColumns(), List.of(), null);
        return new TaskProject(name, FormAnswers.empty(), List.of(part), List.of());
    }

    /** A contest CSV as a one-part project named after the file ({@code task-PART2.csv} is part 2 of {@code task}). */
    public static TaskProject fromCsv(Path file, TaskType type) throws IOException {
        CsvTable t;
        try {
            t = PandasCsvReader.read(file);
        } catch (CsvFormatException e) {
            throw new TaskFileException(e.getMessage(), e);
        }
        List<String> columns = new ArrayList<>(t.columns());
        List<Row> rows = new ArrayList<>();
        boolean dropIndex = isWrittenIndex(t);
        for (CsvRecord r : t.records()) {
            Map<String, String> cells = new LinkedHashMap<>();
            for (int c = dropIndex ? 1 : 0; c < columns.size(); c++) if (r.cell(c) != null) cells.put(columns.get(c), r.cell(c));
            rows.add(new Row("r" + (rows.size() + 1), cells));
        }
        if (dropIndex) columns.removeFirst();
        TaskType taskType = type == null ? ContestTable.inferType(columns) : type;
        String stem = stem(file);
        Matcher m = PART_STEM.matcher(stem);
        PartKind kind = m.matches() ? PartKind.valueOf(m.group(2)) : PartKind.MAIN;
        int number = m.matches() ? Integer.parseInt(m.group(3)) : 1;
        TaskPart part = new TaskPart(kind, number, taskType, columns, rows, null);
        return new TaskProject(m.matches() ? m.group(1) : stem, FormAnswers.empty(), List.of(part), List.of());
    }

    /**
     * Whether the first column is the index {@code DataFrame.to_csv()} writes (unnamed, 0..n-1): it is not the
     * author's data and is regenerated on export, so importing drops it. Any other unnamed column is kept.
     */
    private static boolean isWrittenIndex(CsvTable t) {
        if (t.columns().isEmpty() || !t.columns().getFirst().equals("Unnamed: 0") || t.implicitIndexColumns() > 0) return false;
        for (int i = 0; i < t.records().size(); i++) {
            if (!Integer.toString(i).equals(t.records().get(i).cell(0))) return false;
        }
        return true;
    }

    /** A release (or lm-evaluation-harness) JSONL as a project, one part per {@code part} value. */
    public static TaskProject fromJsonl(Path file) throws IOException {
        String text = Utf8.read(file);
        ReleaseJsonl.Read read = ReleaseJsonl.read(file.getFileName().toString(), text);
        ContestTable t = read.table();
        if (!t.columns().contains(Columns.PROMPT) && !t.rows().isEmpty()) return LmEvalTask.read(file);
        Map<Integer, List<Row>> byPart = new TreeMap<>();
        int id = 0;
        for (Row r : t.rows()) {
            int part;
            try {
                part = r.has(Columns.PART) ? Integer.parseInt(r.get(Columns.PART).strip()) : 1;
            } catch (NumberFormatException e) {
                throw new TaskFileException(file.getFileName() + ":" + r.id().substring(1) + ":part: part is '" + r.get(Columns.PART)
                        + "', not a whole number");
            }
            Map<String, String> cells = new LinkedHashMap<>(r.cells());
            cells.remove(Columns.PART);
            byPart.computeIfAbsent(part, k -> new ArrayList<>()).add(new Row("r" + ++id, cells));
        }
        List<String> columns = new ArrayList<>(t.columns());
        columns.remove(Columns.PART);
        List<TaskPart> parts = new ArrayList<>();
        boolean single = byPart.size() <= 1;
        for (Map.Entry<Integer, List<Row>> e : byPart.entrySet()) {
            parts.add(new TaskPart(single ? PartKind.MAIN : PartKind.PART, e.getKey(), t.type(), columns, e.getValue(), null));
        }
        if (parts.isEmpty()) parts.add(new TaskPart(PartKind.MAIN, 1, t.type(), columns, List.of(), null));
        // the release names files <task>_<metric>.jsonl
        String stem = stem(file).replaceFirst("_(classification|sequence-probability|logodds|absolute-logodds)$", "");
        return new TaskProject(stem, FormAnswers.empty(), parts, List.of());
    }

    static String extension(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(0, dot);
    }
}
