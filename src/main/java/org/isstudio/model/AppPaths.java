package org.isstudio.model;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the application finds what ships beside its code ({@code app/}: samples, the model catalog, the
 * demo model series, licences) and where it keeps per-user state (settings, the score cache).
 *
 * <p>The installation home is the folder that holds {@code app/}: the repository root in a source build
 * (the launcher passes {@code -Disstudio.home}), the jpackage image's {@code lib/app} folder in an
 * installed one. Per-user folders follow each platform's convention and can be redirected with
 * {@code ISSTUDIO_CONFIG_DIR} and {@code ISSTUDIO_CACHE_DIR}, which the tests use.
 */
public final class AppPaths {

    private AppPaths() {
    }

    /** The installation home: {@code -Disstudio.home}, else the folder above the jar (source builds: target/..). */
    public static Path home() {
        String prop = System.getProperty("isstudio.home");
        if (prop != null && !prop.isBlank()) return Path.of(prop).toAbsolutePath();
        try {
            Path code = Path.of(AppPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/classes or target/isstudio.jar in a source build; lib/app/isstudio.jar in an app image
            Path dir = code.getParent();
            for (Path p = dir; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("app"))) return p;
            }
            return dir;
        } catch (URISyntaxException | SecurityException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    /** The shipped content folder ({@code app/}). */
    public static Path appDir() {
        return home().resolve("app");
    }

    public static Path samplesDir() {
        return appDir().resolve("samples");
    }

    public static Path demoModelsDir() {
        return appDir().resolve("models").resolve("demo");
    }

    /** Per-user settings: XDG_CONFIG_HOME on Linux, Application Support on macOS, APPDATA on Windows. */
    public static Path configDir() {
        return userDir("ISSTUDIO_CONFIG_DIR", "XDG_CONFIG_HOME", ".config", "APPDATA");
    }

    /** Per-user caches (scores, downloaded files that are not Hub models): XDG_CACHE_HOME etc. */
    public static Path cacheDir() {
        return userDir("ISSTUDIO_CACHE_DIR", "XDG_CACHE_HOME", ".cache", "LOCALAPPDATA");
    }

    private static Path userDir(String override, String xdgVar, String xdgDefault, String windowsVar) {
        String o = System.getenv(override);
        if (o != null && !o.isBlank()) return Path.of(o);
        Path userHome = Path.of(System.getProperty("user.home"));
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String w = System.getenv(windowsVar);
            return (w != null ? Path.of(w) : userHome.resolve("AppData")).resolve("InverseScalingStudio");
        }
        if (os.contains("mac")) {
            String leaf = xdgDefault.equals(".cache") ? "Caches" : "Application Support";
            return userHome.resolve("Library").resolve(leaf).resolve("InverseScalingStudio");
        }
        String xdg = System.getenv(xdgVar);
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : userHome.resolve(xdgDefault)).resolve("isstudio");
    }
}
