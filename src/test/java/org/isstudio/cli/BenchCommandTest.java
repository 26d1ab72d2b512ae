package org.isstudio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isstudio.testing.Python;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench --quick --torch}, end to end on the GPT-2-small shape, where Debian's python3-torch is installed. */
class BenchCommandTest {

    @Test
    void torchNeedsAPython() {
        UsageException e = assertThrows(UsageException.class, () -> run("--torch"));
        assertEquals("--torch needs the path of a Python with torch", e.getMessage());
    }

    @Test
    void roundsMustBeAPositiveWholeNumber() {
        for (String bad : List.of("0", "-1", "two", "1000")) {
            UsageException e = assertThrows(UsageException.class, () -> run("--rounds", bad));
            assertEquals("--rounds needs a whole number from 1 to 999", e.getMessage());
        }
    }

    @Test
    void theDesktopBenchmarksAreTheLaunchersNotThisCommands() {
        UsageException e = assertThrows(UsageException.class, () -> run("--ui"));
        assertEquals("--ui is the desktop application's benchmark, which the launcher runs: app/bin/isstudio bench --ui",
                e.getMessage());
    }

    @Test
    void quickJsonRunMeasuresPyTorchOnTheSameBatches() throws Exception {
        Python.assumeModules("torch", "numpy"); // Debian's python3-torch; the pyenv python3 on PATH has none
        JsonNode r = new ObjectMapper().readTree(run("--json", "--quick", "--torch", Python.executable().toString()));
        for (String key : List.of("tokens_per_s_64", "tokens_per_s_256", "torch_tokens_per_s_64", "torch_tokens_per_s_256")) {
            assertTrue(r.path(key).asDouble() > 0, key + " in " + r);
        }
        assertEquals(r.get("tokens_per_s_256").asDouble() / r.get("torch_tokens_per_s_256").asDouble(),
                r.get("tokens_per_s_256_vs_torch").asDouble(), 0.01, r.toString());
        assertTrue(r.path("hf_reference_tokens_per_s_256").isMissingNode(), "an unmeasured figure is not reported: " + r);
    }

    private static String run(String... args) throws Exception {
        var out = new ByteArrayOutputStream();
        int code = new BenchCommand().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(Cli.OK, code);
        return out.toString(StandardCharsets.UTF_8);
    }
}
