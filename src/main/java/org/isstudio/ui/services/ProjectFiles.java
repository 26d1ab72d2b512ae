package org.isstudio.ui.services;

import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reading and writing what the File menu opens and saves. Called on worker threads. */
public interface ProjectFiles {

    /** The project file's extension, without the dot. */
    String projectExtension();

    /** Extensions (without dots) that {@link #read} imports as a new project: csv, jsonl, ... */
    List<String> importExtensions();

    /** Opens a project file, or imports a contest file (chosen by extension) as a one-part project. */
    TaskProject read(Path file) throws IOException;

    /** Writes the project file atomically: a crash mid-write leaves the previous file intact. */
    void write(TaskProject project, Path file) throws IOException;

    /** A crash-recovery copy and when it was written. */
    record Autosaved(TaskProject project, Instant savedAt) {
    }

    /**
     * Writes the crash-recovery copy of the project file {@code file} beside it, atomically; {@code file} itself
     * need not exist (a project not saved yet). A {@link #write} of {@code file} drops the copy.
     */
    void autosave(TaskProject project, Path file) throws IOException;

    /** The copy a session that ended without saving left for {@code file}: newer than it, and different. */
    Optional<Autosaved> recovery(Path file);

    /** Forgets the copy: the author saved, closed or declined it on purpose. */
    void discardAutosave(Path file) throws IOException;

    /** An empty project of one main part with the columns of {@code type}. */
    TaskProject blank(String name, TaskType type);
}
