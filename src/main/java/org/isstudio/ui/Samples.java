package org.isstudio.ui;

import org.isstudio.model.PartKind;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.ui.services.ProjectFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Opening several contest files as one project: the sample tasks shipped in {@code app/samples} (one folder
 * per task) and a multiple selection in the import dialog. A file whose name says it is a control set
 * ({@code -CONTROL1}, or {@code -control} as people also write it) becomes a control part.
 */
public final class Samples {

    private Samples() {
    }

    /** The first sample task folder (by name) with a file the application can open, or a file directly in the folder. */
    public static Optional<List<Path>> first(Path samplesDir, ProjectFiles files) {
        if (!Files.isDirectory(samplesDir)) return Optional.empty();
        try (Stream<Path> entries = Files.list(samplesDir)) {
            for (Path p : entries.sorted().toList()) {
                List<Path> task = Files.isDirectory(p) ? taskFiles(p, files) : opens(p, files) ? List.of(p) : List.of();
                if (!task.isEmpty()) return Optional.of(task);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** A project file if the folder has one, else its contest files, the main ones first. */
    private static List<Path> taskFiles(Path dir, ProjectFiles files) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> all = s.filter(Files::isRegularFile).filter(p -> opens(p, files)).sorted(
                    Comparator.comparing(Samples::isControl).thenComparing(Path::toString)).toList();
            return all.stream().filter(p -> isProject(p, files)).findFirst().map(List::of).orElse(all);
        }
    }

    private static boolean isProject(Path p, ProjectFiles files) {
        return p.getFileName().toString().endsWith("." + files.projectExtension());
    }

    private static boolean opens(Path p, ProjectFiles files) {
        String name = p.getFileName().toString();
        return isProject(p, files) || files.importExtensions().stream().anyMatch(ext -> name.endsWith("." + ext));
    }

    private static boolean isControl(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).contains("control");
    }

    /**
     * Reads the files and puts their parts into one project named after the first. A second main file becomes
     * a part (the contest names several files {@code -PART<i>}); a file named as a control set becomes one.
     */
    public static TaskProject read(List<Path> paths, ProjectFiles files) throws IOException {
        if (paths.size() == 1) return files.read(paths.getFirst());
        TaskProject first = null;
        List<TaskPart> parts = new ArrayList<>();
        int nextPart = 1, nextControl = 1;
        for (Path path : paths) {
            TaskProject p = files.read(path);
            if (first == null) first = p;
            for (TaskPart part : p.parts()) {
                PartKind kind = part.kind() == PartKind.MAIN && isControl(path) ? PartKind.CONTROL
                        : part.kind() == PartKind.MAIN && paths.size() > 1 && !parts.isEmpty() ? PartKind.PART : part.kind();
                int number = kind == PartKind.CONTROL ? nextControl++ : kind == PartKind.PART ? nextPart++ : part.number();
                parts.add(new TaskPart(kind, number, part.taskType(), part.columns(), part.rows(), part.template()));
            }
        }
        // a first main file next to other main files is part 1
        if (parts.stream().filter(x -> x.kind() == PartKind.PART).count() > 0 && parts.getFirst().kind() == PartKind.MAIN) {
            TaskPart m = parts.getFirst();
            parts.set(0, new TaskPart(PartKind.PART, 0, m.taskType(), m.columns(), m.rows(), m.template()));
            List<TaskPart> renumbered = new ArrayList<>();
            int n = 1;
            for (TaskPart x : parts) {
                renumbered.add(x.kind() == PartKind.PART
                        ? new TaskPart(PartKind.PART, n++, x.taskType(), x.columns(), x.rows(), x.template()) : x);
            }
            parts = renumbered;
        }
        return new TaskProject(first.name(), first.form(), parts, first.models());
    }
}
