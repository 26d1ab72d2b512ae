package org.isstudio.ui.wiring;

import org.isstudio.model.Columns;
import org.isstudio.model.TaskProject;
import org.isstudio.ui.services.ProjectFiles;
import org.isstudio.ui.settings.Recovery;
import org.isstudio.ui.testing.Fakes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Crash recovery as the window uses it, on the format's project-file autosave (the only autosave there is). */
class RecoveryTest {

    private final ProjectFiles files = FormatServices.files();

    private static TaskProject edited(TaskProject p) {
        return p.withParts(List.of(p.parts().getFirst().withRows(List.of(
                p.parts().getFirst().rows().getFirst().with(Columns.PROMPT, "edited after the last save")))));
    }

    @Test
    void aSavedProjectsCopyIsBesideItsFileOfferedAfterACrashAndDroppedBySaving(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("task.isproj");
        TaskProject saved = Fakes.project(3);
        files.write(saved, file);
        Recovery session = new Recovery(dir.resolve("config"), files);
        TaskProject unsaved = edited(saved);
        session.write(unsaved, file);
        assertTrue(Files.exists(dir.resolve("task.isproj.autosave")), "format's copy, beside the project file");
        Files.setLastModifiedTime(dir.resolve("task.isproj.autosave"), FileTime.from(Instant.now().plusSeconds(5)));

        // the process dies here; the next one opens the file and finds the copy
        Recovery next = new Recovery(dir.resolve("config"), files);
        assertTrue(next.untitled().isEmpty(), "a saved project's copy is not in the per-user slot");
        assertEquals(unsaved, next.of(file).orElseThrow().project());

        files.write(unsaved, file);
        assertTrue(next.of(file).isEmpty(), "saving drops the copy");
        assertFalse(Files.exists(dir.resolve("task.isproj.autosave")));
    }

    @Test
    void aProjectNeverSavedUsesTheUntitledSlotOfferedAtStartUpUntilForgotten(@TempDir Path dir) throws Exception {
        Path imported = dir.resolve("ending-swap.csv");
        Recovery session = new Recovery(dir.resolve("config"), files);
        assertEquals(session.target(null), session.target(imported), "a contest file is not where the copy goes");
        TaskProject unsaved = Fakes.project(5);
        session.write(unsaved, imported);
        assertFalse(Files.exists(dir.resolve("ending-swap.csv.autosave")));

        Recovery next = new Recovery(dir.resolve("config"), files);
        ProjectFiles.Autosaved found = next.untitled().orElseThrow();
        assertEquals(unsaved, found.project());
        assertEquals(5, found.project().parts().getFirst().rows().size());
        assertTrue(Math.abs(found.savedAt().toEpochMilli() - System.currentTimeMillis()) < 60_000, "when it was written");

        next.forget(null);
        assertTrue(next.untitled().isEmpty(), "declined or saved elsewhere: nothing is offered again");
    }

    @Test
    void aCopyNoNewerOrNoDifferentThanTheSaveIsNotOffered(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("task.isproj");
        TaskProject saved = Fakes.project(2);
        Recovery recovery = new Recovery(dir.resolve("config"), files);
        recovery.write(saved, file);
        files.write(saved, file);
        recovery.write(saved, file);
        assertTrue(recovery.of(file).isEmpty(), "the copy holds what the file holds");
    }
}
