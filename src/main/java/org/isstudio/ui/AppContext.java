package org.isstudio.ui;

import org.isstudio.ui.services.ClassesCodec;
import org.isstudio.ui.services.ProjectFiles;
import org.isstudio.ui.services.PromptPreview;
import org.isstudio.ui.services.ScoringService;
import org.isstudio.ui.services.SubmissionExport;
import org.isstudio.ui.services.TaskChecks;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The composition root: the services the desktop application uses, built once and handed to the views
 * (manual dependency injection). Tests build one from fakes.
 *
 * @param configDir where preferences and the crash-recovery copy live
 * @param samples   the shipped sample tasks, opened on first run
 */
public record AppContext(ProjectFiles files, TaskChecks checks, ClassesCodec classes, PromptPreview preview,
                         ScoringService scoring, SubmissionExport export, Path configDir, Path samples) {

    public AppContext {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(checks, "checks");
        Objects.requireNonNull(classes, "classes");
        Objects.requireNonNull(preview, "preview");
        Objects.requireNonNull(scoring, "scoring");
        Objects.requireNonNull(export, "export");
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(samples, "samples");
    }
}
