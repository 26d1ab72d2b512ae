package org.isstudio.format.zip;

import org.isstudio.format.AtomicFiles;
import org.isstudio.format.csv.PandasCsvWriter;
import org.isstudio.format.template.TemplateRenderer;
import org.isstudio.model.Diagnostic;
import org.isstudio.model.FormAnswers;
import org.isstudio.model.Row;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The submission zip (prize spec §7.2): {@code <task>.zip} holding {@code <task>.csv}, or
 * {@code <task>-PART<i>.csv} and {@code <task>-CONTROL<i>.csv}, each rendered from its template and written so
 * that pandas reads it back exactly; optionally the scaling plot and a text file of the form answers.
 *
 * <p>The zip is anonymous and reproducible: entry names come from the task name only, every entry has the same
 * fixed timestamp (stored as DOS date-time fields, so no time zone leaks in), no extra
 * fields, comments, owners or permissions are written, and entries come in a fixed order, so the same project
 * gives the same bytes.
 */
public final class SubmissionZip {

    /**
     * The fixed entry time: the contest's Round 2 deadline. Not the zip epoch 1980-01-01 00:00, which the JDK
     * treats as "before 1980" and stores as an extended timestamp converted through the local time zone.
     */
    static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2022, 10, 27, 0, 0);

    /** One file of the zip. */
    public record Entry(String name, byte[] content) {
    }

    /**
     * @param includeForm  add {@code <task>-form.txt} with the form answers (authors left out: the zip is anonymous)
     * @param plot         the scaling plot's bytes, or {@code null}
     * @param plotExtension {@code png} or {@code svg}
     */
    public record Options(boolean includeForm, byte[] plot, String plotExtension) {
        public static final Options CSV_ONLY = new Options(false, null, "png");
    }

    private SubmissionZip() {
    }

    /** Layout problems that stop the export (see {@link SubmissionLayout#problems}). */
    public static List<Diagnostic> problems(TaskProject project) {
        return SubmissionLayout.problems(project);
    }

    /** {@code <task>.zip}. */
    public static String zipName(TaskProject project) {
        return project.name() + ".zip";
    }

    /** The files of the zip, in order. */
    public static List<Entry> entries(TaskProject project, Options options) {
        List<Diagnostic> problems = problems(project);
        if (!problems.isEmpty()) throw new IllegalArgumentException(problems.getFirst().message());
        List<Entry> out = new ArrayList<>();
        for (TaskPart part : SubmissionLayout.ordered(project)) {
            out.add(new Entry(part.fileStem(project.name()) + ".csv", csv(part).getBytes(StandardCharsets.UTF_8)));
        }
        if (options.includeForm()) {
            out.add(new Entry(project.name() + "-form.txt", formText(project).getBytes(StandardCharsets.UTF_8)));
        }
        if (options.plot() != null) {
            out.add(new Entry(project.name() + "-plot." + options.plotExtension(), options.plot().clone()));
        }
        return out;
    }

    /** A part as the contest CSV: rendered rows, the contest's columns (plus any extra columns of a plain part). */
    public static String csv(TaskPart part) {
        List<Row> rows = TemplateRenderer.render(part);
        List<String> columns = part.template() == null ? part.columns() : part.taskType().requiredColumns();
        List<List<String>> cells = new ArrayList<>(rows.size());
        for (Row r : rows) cells.add(columns.stream().map(c -> r.has(c) ? r.get(c) : null).toList());
        return PandasCsvWriter.write(columns, cells);
    }

    /** The zip's bytes. */
    public static byte[] bytes(TaskProject project, Options options) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(buffer, StandardCharsets.UTF_8)) {
            zip.setLevel(9);
            for (Entry e : entries(project, options)) {
                ZipEntry entry = new ZipEntry(e.name());
                entry.setTimeLocal(ENTRY_TIME);
                entry.setMethod(ZipEntry.DEFLATED);
                zip.putNextEntry(entry);
                zip.write(e.content());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** Writes the zip atomically: a failure leaves any previous file at {@code zip} as it was. */
    public static void write(TaskProject project, Options options, Path zip) throws IOException {
        AtomicFiles.write(zip, bytes(project, options));
    }

    /** The form answers as plain text, without the authors (they go in the form, never in the zip). */
    public static String formText(TaskProject project) {
        FormAnswers f = project.form();
        StringBuilder s = new StringBuilder();
        s.append("Task name: ").append(project.name()).append("\n");
        s.append("Evaluation metric: ").append(String.join(", ", project.parts().stream()
                .map(p -> p.taskType().contestName()).distinct().toList())).append("\n");
        s.append("Zero-shot or few-shot: ").append(f.fewShot() ? "few-shot" : "zero-shot").append("\n\n");
        section(s, "Task description", f.description());
        section(s, "Why is the task important?", f.whyImportant());
        section(s, "Why do you expect to see inverse scaling?", f.whyInverseScaling());
        section(s, "Why is the task novel or surprising?", f.whyNovel());
        section(s, "Dataset generation procedure", f.generationProcedure());
        section(s, "Dataset generation type", f.generationType());
        section(s, "Dataset sources", f.sources());
        section(s, "Code that generated the dataset", f.codeLink());
        section(s, "Expertise required to verify the labels", f.expertise());
        return s.toString();
    }

    private static void section(StringBuilder s, String heading, String text) {
        s.append(heading).append("\n").append(text.isBlank() ? "(not answered)" : text.strip()).append("\n\n");
    }
}
