package org.isstudio.ui.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
}
