package org.isstudio.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real Python for differential tests: Debian's {@code /usr/bin/python3}, which has pandas and numpy
 * (the pyenv {@code python3} on PATH does not), or {@code $ISSTUDIO_PYTHON}. Tests that need it call
 * {@link #assumeModules} first, so they are skipped with a message saying what is missing rather than failed
 * on a machine without it; CI installs it, so there they run.
 */
public final class Python {

    private static final Map<String, Boolean> HAS_MODULES = new ConcurrentHashMap<>();

    private Python() {
    }

    public static Path executable() {
        String env = System.getenv("ISSTUDIO_PYTHON");
        return Path.of(env != null && !env.isBlank() ? env : "/usr/bin/python3");
    }

    /** Skips the calling test unless the Python interpreter exists and imports every named module. */
    public static void assumeModules(String... modules) {
        String imports = modules.length == 0 ? "pass" : "import " + String.join(", ", modules);
        boolean ok = HAS_MODULES.computeIfAbsent(imports, Python::canRun);
        Assumptions.assumeTrue(ok, "differential test skipped: " + executable() + " is missing or cannot "
                + imports + " (install Debian's python3" + (modules.length == 0 ? "" : " with " + String.join(", ", modules))
                + ", or set ISSTUDIO_PYTHON)");
    }

    private static boolean canRun(String code) {
        if (!Files.isExecutable(executable())) return false;
        try {
            run(code, "");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Runs {@code script} with {@code stdin} (UTF-8) as its input and returns its standard output. */
    public static String run(String script, String stdin) {
        try {
            Path file = Files.createTempFile("isstudio-test", ".py");
            Path errFile = Files.createTempFile("isstudio-test", ".err");
            // input from a file: writing a pipe while the child fills the other one would deadlock
            Path inFile = Files.createTempFile("isstudio-test", ".in");
            try {
                Files.writeString(file, script);
                Files.writeString(inFile, stdin);
                ProcessBuilder pb = new ProcessBuilder(List.of(executable().toString(), file.toString()));
                pb.environment().put("PYTHONIOENCODING", "utf-8");
                Process p = pb
                        .redirectInput(inFile.toFile())
                        .redirectError(errFile.toFile())
                        .start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("python timed out");
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("python exited with " + p.exitValue() + ":\n"
                            + Files.readString(errFile));
                }
                return new String(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(errFile);
                Files.deleteIfExists(inFile);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + executable() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
