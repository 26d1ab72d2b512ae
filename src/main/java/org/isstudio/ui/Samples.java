package org.isstudio.ui;

import org.isstudio.ui.services.ProjectFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** The sample tasks shipped in {@code app/samples}: a project file per task folder, else a contest file. */
final class Samples {

    private Samples() {
    }

    /** The first sample (by folder name) that the application can open. */
    static Optional<Path> first(Path samplesDir, ProjectFiles files) {
        if (!Files.isDirectory(samplesDir)) return Optional.empty();
        try (Stream<Path> all = Files.walk(samplesDir, 2)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> opens(p, files))
                    .min(Comparator.comparing((Path p) -> !isProject(p, files)).thenComparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isProject(Path p, ProjectFiles files) {
        return p.getFileName().toString().endsWith("." + files.projectExtension());
    }

    private static boolean opens(Path p, ProjectFiles files) {
        String name = p.getFileName().toString();
        return isProject(p, files) || files.importExtensions().stream().anyMatch(ext -> name.endsWith("." + ext));
    }
}
