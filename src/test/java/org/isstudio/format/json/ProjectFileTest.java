package org.isstudio.format.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.isstudio.format.Fixtures;
import org.isstudio.model.ShotSelection;
import org.isstudio.model.TaskProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProjectFileTest {

    @TempDir
    Path dir;

    private static TaskProject project() {
        TaskProject plain = Fixtures.plainProject("trap", 3);
        return plain.withParts(List.of(plain.parts().getFirst(),
                Fixtures.templatedPart(5, 2, ShotSelection.RANDOM, 42).withRows(
                        Fixtures.templatedPart(5, 2, ShotSelection.RANDOM, 42).rows())));
    }

    @Test
    void roundTripsEverything() throws Exception {
        TaskProject p = project();
        Path f = dir.resolve("trap.isproj");
        ProjectFile.save(p, f);
        assertEquals(p, ProjectFile.read(f));
        String text = Files.readString(f);
        assertTrue(text.contains("\"format\" : \"isstudio-project\""), text);
        assertTrue(text.contains("\"version\" : 1"), text);
        assertFalse(Files.exists(ProjectFile.backupPath(f)), "no backup of a file that did not exist");
    }

    @Test
    void secondSaveKeepsTheFirstAsBackup() throws Exception {
        Path f = dir.resolve("trap.isproj");
        TaskProject first = project();
        ProjectFile.save(first, f);
        TaskProject second = first.withParts(first.parts().subList(0, 1));
        ProjectFile.save(second, f);
        assertEquals(second, ProjectFile.read(f));
        assertEquals(first, ProjectFile.read(ProjectFile.backupPath(f)));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("trap.isproj", "trap.isproj.bak"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary files are left behind");
        }
    }

    @Test
    void damagedBytesNeverReplaceAGoodFile() throws Exception {
        Path f = dir.resolve("trap.isproj");
        TaskProject good = project();
        ProjectFile.save(good, f);
        byte[] before = Files.readAllBytes(f);
        String json = new ProjectJson().write(good);
        // a crash mid-write: only the first half reached the disk
        byte[] half = json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> ProjectFile.save(good, f, half));
        assertTrue(e.getMessage().contains("does not read back"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f));
        // bytes that parse but say something else are refused too
        byte[] other = new ProjectJson().write(good.withParts(List.of())).getBytes(StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> ProjectFile.save(good, f, other));
        assertArrayEquals(before, Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "the failed saves left no temporary file");
        }
    }

    @Test
    void aCorruptFileIsReportedWithItsPositionAndNotBackedUp() throws Exception {
        Path f = dir.resolve("trap.isproj");
        TaskProject good = project();
        ProjectFile.save(good, f);
        ProjectFile.save(good, f);
        String json = Files.readString(f);
        Files.writeString(f, json.substring(0, 200));
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> ProjectFile.read(f));
        assertTrue(e.getMessage().startsWith("trap.isproj:"), e.getMessage());
        assertTrue(e.getMessage().contains("trap.isproj.bak"), e.getMessage());
        // saving over the damaged file keeps the good backup rather than backing up the damage
        ProjectFile.save(good.withParts(List.of()), f);
        assertEquals(good, ProjectFile.read(ProjectFile.backupPath(f)));
    }

    @Test
    void fieldErrorsNameTheJsonPath() {
        ProjectJson json = new ProjectJson();
        String text = json.write(project()).replace("\"taskType\" : \"classification\"", "\"taskType\" : \"regression\"");
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> json.read("p.isproj", text));
        assertTrue(e.getMessage().startsWith("p.isproj: field parts[0].taskType: unknown task type 'regression'"), e.getMessage());
        String newer = json.write(project()).replace("\"version\" : 1", "\"version\" : 9");
        assertTrue(assertThrows(ProjectFormatException.class, () -> json.read("p.isproj", newer)).getMessage().contains("newer"));
        assertTrue(assertThrows(ProjectFormatException.class, () -> json.read("p.isproj", "{\"a\": 1}")).getMessage()
                .contains("not an Inverse Scaling Studio project"));
    }

    @Test
    void olderVersionsAreMigratedOnRead() throws Exception {
        // pretend version 1 called the task name "title" and version 2 (current) calls it "name"
        UnaryOperator<ObjectNode> titleToName = root -> {
            root.set("name", root.remove("title"));
            return root;
        };
        ProjectJson current = new ProjectJson(List.of(titleToName));
        String v2 = current.write(project());
        assertTrue(v2.contains("\"version\" : 2"), v2);
        String v1 = v2.replace("\"version\" : 2", "\"version\" : 1").replace("\"name\" : \"trap\"", "\"title\" : \"trap\"");
        assertEquals(project(), current.read("old.isproj", v1));
        assertEquals(project(), current.read("new.isproj", v2));
    }

    @Test
    void autosaveIsOfferedOnlyWhenNewerAndDifferent() throws Exception {
        Path f = dir.resolve("trap.isproj");
        TaskProject saved = project();
        ProjectFile.save(saved, f);
        assertTrue(ProjectFile.recovery(f).isEmpty());
        TaskProject edited = saved.withParts(saved.parts().subList(0, 1));
        ProjectFile.autosave(edited, f);
        Files.setLastModifiedTime(ProjectFile.autosavePath(f), FileTime.from(Instant.now().plusSeconds(5)));
        ProjectFile.Recovery r = ProjectFile.recovery(f).orElseThrow();
        assertEquals(edited, r.project());
        // saving clears it
        ProjectFile.save(edited, f);
        assertFalse(Files.exists(ProjectFile.autosavePath(f)));
        assertTrue(ProjectFile.recovery(f).isEmpty());
        // a never-saved project file that crashed: the autosave is all there is
        Path fresh = dir.resolve("new.isproj");
        ProjectFile.autosave(edited, fresh);
        assertEquals(edited, ProjectFile.recovery(fresh).orElseThrow().project());
        ProjectFile.discardAutosave(fresh);
        assertTrue(ProjectFile.recovery(fresh).isEmpty());
    }
}
