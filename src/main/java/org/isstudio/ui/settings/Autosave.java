package org.isstudio.ui.settings;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.isstudio.model.TaskProject;
import org.isstudio.ui.services.ProjectFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Crash recovery: while the project has unsaved changes, a copy is written every so often to the per-user
 * folder, with a note of the file it belongs to. A clean save or close removes it; finding one at start-up
 * means the last session ended without either, and the author is offered the copy.
 */
public final class Autosave {

    /** A copy found at start-up: the project, the file it was a copy of (null if never saved), and when. */
    public record Found(TaskProject project, Path original, Instant savedAt) {
    }

    private record Note(String original, long savedAtMillis) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final ProjectFiles files;

    public Autosave(Path dir, ProjectFiles files) {
        this.dir = dir;
        this.files = files;
    }

    private Path copy() {
        return dir.resolve("autosave." + files.projectExtension());
    }

    private Path note() {
        return dir.resolve("autosave.json");
    }

    /** Writes the copy (atomically, through {@link ProjectFiles#write}). Call on a worker thread. */
    public void write(TaskProject project, Path original) throws IOException {
        Files.createDirectories(dir);
        files.write(project, copy());
        Path tmp = dir.resolve("autosave.json.tmp");
        JSON.writeValue(tmp.toFile(), new Note(original == null ? null : original.toString(), System.currentTimeMillis()));
        Files.move(tmp, note(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Forgets the copy: the project was saved or closed on purpose. */
    public void clear() {
        try {
            Files.deleteIfExists(note());
            Files.deleteIfExists(copy());
        } catch (IOException e) {
            System.err.println("isstudio: could not remove the autosave in " + dir + ": " + e.getMessage());
        }
    }

    /** The copy a crashed session left, if any and readable. */
    public Optional<Found> find() {
        if (!Files.isRegularFile(note()) || !Files.isRegularFile(copy())) return Optional.empty();
        try {
            Note n = JSON.readValue(note().toFile(), Note.class);
            TaskProject p = files.read(copy());
            return Optional.of(new Found(p, n.original() == null ? null : Path.of(n.original()),
                    Instant.ofEpochMilli(n.savedAtMillis())));
        } catch (IOException | RuntimeException e) {
            System.err.println("isstudio: ignoring an unreadable autosave in " + dir + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
