package org.isstudio.ui.services;

import org.isstudio.model.Diagnostic;
import org.isstudio.model.TaskProject;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The submission zip as the export dialog shows and writes it. */
public interface SubmissionExport {

    /** One file of the zip and the first lines of its content. */
    record Entry(String name, long size, String preview) {
    }

    /** The files the zip will hold, in order, rendered from the project as it is. */
    List<Entry> entries(TaskProject project, boolean includeForm, byte[] plotPng) throws IOException;

    /** Anything that would reveal the authors (names in file names, paths, metadata), as errors. */
    List<Diagnostic> anonymityProblems(TaskProject project);

    /** Writes {@code <task>.zip} (byte-reproducible) atomically. Call on a worker. */
    void write(TaskProject project, boolean includeForm, byte[] plotPng, Path zip) throws IOException;
}
