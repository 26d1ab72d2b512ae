package org.isstudio.format.json;

import org.isstudio.format.AtomicFiles;
import org.isstudio.model.TaskProject;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;

/**
 * The project file on disk ({@code name.isproj}) and its two companions: {@code name.isproj.bak}, the previous
 * good save, and {@code name.isproj.autosave}, the crash-recovery copy written while there are unsaved changes.
 *
 * <p>A save never puts a bad file in place of a good one: the new text is written to a temporary file, synced,
 * read back and parsed, and compared with the project; only then is the previous file (if it still parses)
 * copied to the {@code .bak} and the temporary file renamed over it atomically. A crash at any point leaves the
 * previous project file, or the new one, whole.
 */
public final class ProjectFile {

    public static final String EXTENSION = "isproj";

    private static final ProjectJson JSON = new ProjectJson();

    /** What {@link #recovery} found: an autosaved copy newer than the project file. */
    public record Recovery(TaskProject project, Path autosave, Instant savedAt) {
    }

    private ProjectFile() {
    }

    public static Path backupPath(Path project) {
        return project.resolveSibling(project.getFileName() + ".bak");
    }

    public static Path autosavePath(Path project) {
        return project.resolveSibling(project.getFileName() + ".autosave");
    }

    public static TaskProject read(Path file) throws IOException {
        try {
            return parse(file);
        } catch (ProjectFormatException e) {
            Path bak = backupPath(file);
            if (Files.exists(bak)) {
                throw new ProjectFormatException(e.getMessage() + " (the previous save is in " + bak.getFileName() + ")", e);
            }
            throw e;
        }
    }

    private static TaskProject parse(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ProjectFormatException(file.getFileName() + ": not UTF-8 text; the file is damaged");
        }
        return JSON.read(file.getFileName().toString(), text);
    }

    /** Saves atomically with a {@code .bak} of the previous good save, and drops the autosave. */
    public static void save(TaskProject project, Path file) throws IOException {
        save(project, file, JSON.write(project).getBytes(StandardCharsets.UTF_8));
    }

    /** The save with the bytes given: tests pass damaged bytes to prove they never reach the file. */
    static void save(TaskProject project, Path file, byte[] bytes) throws IOException {
        Path tmp = AtomicFiles.writeTemp(file, bytes);
        try {
            verify(project, tmp);
            if (Files.exists(file) && parsesAsProject(file)) {
                AtomicFiles.write(backupPath(file), Files.readAllBytes(file));
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        AtomicFiles.commit(tmp, file);
        Files.deleteIfExists(autosavePath(file));
    }

    private static void verify(TaskProject project, Path tmp) throws IOException {
        TaskProject back;
        try {
            back = parse(tmp);
        } catch (ProjectFormatException e) {
            throw new IOException("the project was not saved: what was written does not read back (" + e.getMessage() + ")", e);
        }
        if (!back.equals(project)) throw new IOException("the project was not saved: what was written reads back differently");
    }

    private static boolean parsesAsProject(Path file) {
        try {
            parse(file);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes the crash-recovery copy beside the project file, atomically (no backup of it is kept). */
    public static void autosave(TaskProject project, Path file) throws IOException {
        AtomicFiles.write(autosavePath(file), JSON.write(project).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The autosaved copy, when one exists that reads, is newer than the project file (or the project file is
     * gone or damaged) and differs from it: the last session ended without saving.
     */
    public static Optional<Recovery> recovery(Path file) {
        Path auto = autosavePath(file);
        if (!Files.exists(auto)) return Optional.empty();
        try {
            TaskProject copy = parse(auto);
            FileTime autoTime = Files.getLastModifiedTime(auto);
            if (Files.exists(file)) {
                try {
                    TaskProject saved = parse(file);
                    if (saved.equals(copy) || Files.getLastModifiedTime(file).compareTo(autoTime) > 0) return Optional.empty();
                } catch (ProjectFormatException damaged) {
                    // the saved file is damaged: the copy is all there is
                }
            }
            return Optional.of(new Recovery(copy, auto, autoTime.toInstant()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Forgets the crash-recovery copy (the author saved, closed, or declined it). */
    public static void discardAutosave(Path file) throws IOException {
        Files.deleteIfExists(autosavePath(file));
    }
}
