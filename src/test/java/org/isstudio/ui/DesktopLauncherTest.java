package org.isstudio.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DesktopLauncherTest {

    @Test
    void oneExistingTaskFileOpensTheWindowAndEverythingElseIsACommand(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("task.csv"), "prompt,completion\n");
        Path project = Files.writeString(dir.resolve("task.isproj"), "{}");
        assertTrue(DesktopLauncher.isDocument(new String[]{csv.toString()}));
        assertTrue(DesktopLauncher.isDocument(new String[]{project.toString()}));
        assertFalse(DesktopLauncher.isDocument(new String[]{dir.resolve("missing.csv").toString()}), "a typo stays a command error");
        assertFalse(DesktopLauncher.isDocument(new String[]{"validate", csv.toString()}));
        assertFalse(DesktopLauncher.isDocument(new String[]{"help"}));
    }
}
