package org.isstudio.ui.settings;

import org.isstudio.ui.testing.Fakes;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;
import org.isstudio.ui.services.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    @Test
    void recentFilesAreMostRecentFirstWithoutDuplicatesAndSurviveARestart(@TempDir Path dir) {
        Path file = dir.resolve("desktop.json");
        Settings s = Settings.load(file);
        for (int i = 0; i < 12; i++) s.addRecent(dir.resolve("t" + i + ".isproj"));
        s.addRecent(dir.resolve("t5.isproj"));
        s.setDark(true);
        Settings again = Settings.load(file);
        assertEquals(Settings.MAX_RECENT, again.data().recentFiles().size());
        assertEquals(dir.resolve("t5.isproj").toString(), again.data().recentFiles().getFirst());
        assertEquals(dir.resolve("t11.isproj").toString(), again.data().recentFiles().get(1));
        assertTrue(again.dark());
        assertFalse(Files.exists(dir.resolve("desktop.json.tmp")), "written through a temporary file, then moved");
    }

    @Test
    void anUnreadableFileGivesTheDefaults(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("desktop.json"), "{ not json");
        Settings s = Settings.load(file);
        assertFalse(s.dark());
        assertEquals(List.of(), s.data().recentFiles());
    }

    /** Keeps written projects in memory, so the test sees exactly what the autosave wrote. */
    private static final class MemoryFiles implements ProjectFiles {
        final Map<Path, TaskProject> disk = new HashMap<>();

        @Override
        public String projectExtension() {
            return "isproj";
        }

        @Override
        public List<String> importExtensions() {
            return List.of("csv");
        }

        @Override
        public TaskProject read(Path file) throws IOException {
            TaskProject p = disk.get(file);
            if (p == null) throw new IOException(file + " is missing");
            return p;
        }

        @Override
        public void write(TaskProject project, Path file) throws IOException {
            Files.createDirectories(file.getParent());
            Files.writeString(file, project.name());
            disk.put(file, project);
        }

        @Override
        public TaskProject blank(String name, TaskType type) {
            return Fakes.project(0);
        }
    }

    @Test
    void theAutosaveIsFoundAfterACrashAndGoneAfterAClear(@TempDir Path dir) throws IOException {
        MemoryFiles files = new MemoryFiles();
        Autosave autosave = new Autosave(dir.resolve("recovery"), files);
        assertTrue(autosave.find().isEmpty());

        TaskProject p = Fakes.project(3);
        autosave.write(p, dir.resolve("task.isproj"));
        Autosave.Found found = new Autosave(dir.resolve("recovery"), files).find().orElseThrow();
        assertSame(p, found.project());
        assertEquals(dir.resolve("task.isproj"), found.original());

        autosave.clear();
        assertTrue(autosave.find().isEmpty());
    }
}
