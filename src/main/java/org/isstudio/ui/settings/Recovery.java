package org.isstudio.ui.settings;

import org.isstudio.model.TaskProject;
import org.isstudio.ui.services.ProjectFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the open project's crash-recovery copy goes. The copy itself is the format's ({@link ProjectFiles#autosave},
 * beside the project file, dropped by a save): a project saved as a project file is autosaved beside that file and
 * offered again when that file is next opened; a project never saved as one (new, or imported from a contest file)
 * has one slot in the per-user folder, offered at start-up.
 */
public final class Recovery {

    private final Path untitled;
    private final ProjectFiles files;

    /** @param dir the per-user folder of the slot for projects without a project file */
    public Recovery(Path dir, ProjectFiles files) {
        this.untitled = dir.resolve("untitled." + files.projectExtension());
        this.files = files;
    }

    /** The project file whose copy this is: {@code file} when it is a project file, else the untitled slot. */
    public Path target(Path file) {
        return file != null && file.getFileName().toString().endsWith("." + files.projectExtension()) ? file : untitled;
    }

    /** Writes the copy of the project that lives in {@code file} (null: never saved). Call on a worker thread. */
    public void write(TaskProject project, Path file) throws IOException {
        java.nio.file.Files.createDirectories(target(file).toAbsolutePath().getParent());
        files.autosave(project, target(file));
    }

    /** The copy a crashed session left of a project that had no project file. */
    public Optional<ProjectFiles.Autosaved> untitled() {
        return files.recovery(untitled);
    }

    /** The copy a crashed session left of the project file {@code file}. */
    public Optional<ProjectFiles.Autosaved> of(Path file) {
        return files.recovery(target(file));
    }

    /** The project in {@code file} (null: never saved) was saved, closed or declined on purpose. */
    public void forget(Path file) {
        try {
            files.discardAutosave(target(file));
        } catch (IOException e) {
            System.err.println("isstudio: could not remove the crash-recovery copy of " + target(file) + ": " + e.getMessage());
        }
    }
}
