package org.isstudio.ui.wiring;

import org.isstudio.format.TaskFiles;
import org.isstudio.format.json.ProjectFile;
import org.isstudio.format.template.TemplateRenderer;
import org.isstudio.format.validate.Validator;
import org.isstudio.format.zip.SubmissionZip;
import org.isstudio.model.Columns;
import org.isstudio.model.Diagnostic;
import org.isstudio.model.Row;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;
import org.isstudio.ui.services.ClassesCodec;
import org.isstudio.ui.services.ProjectFiles;
import org.isstudio.ui.services.PromptPreview;
import org.isstudio.ui.services.SubmissionExport;
import org.isstudio.ui.services.TaskChecks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The UI's file, validation, preview and export services on the format package. */
final class FormatServices {

    private FormatServices() {
    }

    static ProjectFiles files() {
        return new ProjectFiles() {
            @Override
            public String projectExtension() {
                return ProjectFile.EXTENSION;
            }

            @Override
            public List<String> importExtensions() {
                return TaskFiles.importExtensions();
            }

            @Override
            public TaskProject read(Path file) throws IOException {
                return TaskFiles.read(file);
            }

            @Override
            public void write(TaskProject project, Path file) throws IOException {
                TaskFiles.write(project, file);
            }

            @Override
            public void autosave(TaskProject project, Path file) throws IOException {
                ProjectFile.autosave(project, file);
            }

            @Override
            public Optional<Autosaved> recovery(Path file) {
                return ProjectFile.recovery(file).map(r -> new Autosaved(r.project(), r.savedAt()));
            }

            @Override
            public void discardAutosave(Path file) throws IOException {
                ProjectFile.discardAutosave(file);
            }

            @Override
            public TaskProject blank(String name, TaskType type) {
                return TaskFiles.blank(name, type);
            }
        };
    }

    static TaskChecks checks() {
        Validator validator = new Validator();
        return validator::check;
    }

    static PromptPreview preview(ClassesCodec classes) {
        return (part, rowId) -> {
            Row r = TemplateRenderer.render(part, rowId);
            if (part.taskType() == TaskType.SEQUENCE_PROB) {
                return new PromptPreview.Rendered(r.get(Columns.PROMPT), List.of(r.get(Columns.COMPLETION)), -1, "");
            }
            List<String> cs = classes.parse(r.get(Columns.CLASSES));
            int answer;
            try {
                answer = Integer.parseInt(r.get(Columns.ANSWER_INDEX).strip());
            } catch (NumberFormatException e) {
                answer = -1;
            }
            return new PromptPreview.Rendered(r.get(Columns.PROMPT), cs, answer, r.get(Columns.OTHER_PROMPT));
        };
    }

    static SubmissionExport export() {
        return new SubmissionExport() {
            @Override
            public List<Entry> entries(TaskProject project, boolean includeForm, byte[] plotPng) {
                return SubmissionZip.entries(project, new SubmissionZip.Options(includeForm, plotPng, "png")).stream()
                        .map(e -> new Entry(e.name(), e.content().length, preview(e))).toList();
            }

            private static String preview(SubmissionZip.Entry e) {
                if (e.name().endsWith(".png")) return "(PNG image, " + e.content().length + " bytes)";
                String text = new String(e.content(), StandardCharsets.UTF_8);
                return text.length() > 20_000 ? text.substring(0, 20_000) + "\n…" : text;
            }

            @Override
            public List<Diagnostic> anonymityProblems(TaskProject project) {
                return SubmissionZip.problems(project);
            }

            @Override
            public void write(TaskProject project, boolean includeForm, byte[] plotPng, Path zip) throws IOException {
                SubmissionZip.write(project, new SubmissionZip.Options(includeForm, plotPng, "png"), zip);
            }
        };
    }
}
