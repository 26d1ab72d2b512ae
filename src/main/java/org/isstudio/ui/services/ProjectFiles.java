package org.isstudio.ui.services;

import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

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

    /** An empty project of one main part with the columns of {@code type}. */
    TaskProject blank(String name, TaskType type);
}
