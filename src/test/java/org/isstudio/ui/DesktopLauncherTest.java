package org.isstudio.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void benchWithUiOrEditIsTheDesktopBenchmarkAndBadArgumentsAreRefusedBeforeTheToolkitStarts() {
        assertTrue(DesktopLauncher.isBench(new String[]{"bench", "--ui", "--json"}));
        assertTrue(DesktopLauncher.isBench(new String[]{"bench", "--json", "--edit"}));
        assertFalse(DesktopLauncher.isBench(new String[]{"bench", "--json"}), "the engine's bench stays a command");
        assertFalse(DesktopLauncher.isBench(new String[]{"validate", "--ui"}));
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = org.isstudio.ui.bench.UiBench.run(new String[]{"bench", "--edit", "--edits", "many"},
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err, true));
        assertEquals(2, code);
        assertEquals("isstudio bench: --edits needs a number of edits (1 to 9999)", err.toString().strip());
    }
}
