package org.isstudio.ui.settings;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The desktop application's own preferences: theme, recent files, whether the welcome was seen. Stored as
 * JSON in the per-user config folder; a missing or unreadable file gives the defaults (preferences are not
 * worth refusing to start over), and saving replaces the file atomically.
 */
public final class Settings {

    /** What is on disk (Cryptomator's SettingsJson split): unknown fields from newer versions are ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(String theme, List<String> recentFiles, boolean welcomed) {
        public Data {
            theme = theme == null ? "light" : theme;
            recentFiles = recentFiles == null ? List.of() : List.copyOf(recentFiles);
        }
    }

    public static final int MAX_RECENT = 10;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private Data data;

    private Settings(Path file, Data data) {
        this.file = file;
        this.data = data;
    }

    public static Settings load(Path file) {
        try {
            if (Files.isRegularFile(file)) return new Settings(file, JSON.readValue(file.toFile(), Data.class));
        } catch (IOException e) {
            System.err.println("isstudio: ignoring unreadable settings " + file + ": " + e.getMessage());
        }
        return new Settings(file, new Data("light", List.of(), false));
    }

    public Data data() {
        return data;
    }

    public boolean dark() {
        return "dark".equals(data.theme());
    }

    public void setDark(boolean dark) {
        data = new Data(dark ? "dark" : "light", data.recentFiles(), data.welcomed());
        save();
    }

    public void setWelcomed() {
        data = new Data(data.theme(), data.recentFiles(), true);
        save();
    }

    /** Moves {@code p} to the top of the recent files. */
    public void addRecent(Path p) {
        String s = p.toAbsolutePath().normalize().toString();
        List<String> list = new ArrayList<>(data.recentFiles());
        list.remove(s);
        list.addFirst(s);
        while (list.size() > MAX_RECENT) list.removeLast();
        data = new Data(data.theme(), list, data.welcomed());
        save();
    }

    public void removeRecent(Path p) {
        List<String> list = new ArrayList<>(data.recentFiles());
        list.remove(p.toAbsolutePath().normalize().toString());
        data = new Data(data.theme(), list, data.welcomed());
        save();
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), data);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("isstudio: could not save settings " + file + ": " + e.getMessage());
        }
    }
}
