package org.isstudio.cli;

import org.isstudio.model.AppPaths;
import org.isstudio.remote.catalog.Catalog;
import org.isstudio.remote.hub.FakeHub;
import org.isstudio.remote.hub.HubConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownloadCommandTest {

    private static final String COMMIT = "89abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path cache;
    private FakeHub hub;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub();
        hub.repo("EleutherAI/pythia-70m", COMMIT).file("config.json", "{}").file("tokenizer.json", "{}")
                .lfsFile("model.safetensors", new byte[4096]);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private int run(String... args) throws Exception {
        DownloadCommand c = new DownloadCommand(new HubConfig(hub.endpoint(), cache, Optional.empty(), false), false,
                Catalog.read(AppPaths.appDir().resolve("catalog/models.json")));
        return c.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void downloadsIntoTheCacheWithProgressLines() throws Exception {
        assertEquals(Cli.OK, run("EleutherAI/pythia-70m@main"));
        String text = out.toString(StandardCharsets.UTF_8);
        Path snapshot = cache.resolve("models--EleutherAI--pythia-70m/snapshots/" + COMMIT);
        assertTrue(text.contains("100%  4.00 KB / 4.00 KB"), text);
        assertTrue(text.contains("ready: " + snapshot), text);
        assertTrue(Files.exists(snapshot.resolve("model.safetensors")));
    }

    @Test
    void failuresAreReportedPerRepositoryWithExitCode1() throws Exception {
        assertEquals(Cli.FAILED, run("EleutherAI/pythia-nope", "EleutherAI/pythia-70m"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("EleutherAI/pythia-nope was not found"), err.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("ready:"));
    }

    @Test
    void badRepositoryIdsAreUsageErrors() {
        UsageException e = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, () -> run("a/b/c"));
        assertTrue(e.getMessage().contains("isstudio models lists them"), e.getMessage());
    }

    @Test
    void catalogNamesAndSeriesRangesAreDownloadedByTheirRepositories() throws Exception {
        hub.repo("EleutherAI/pythia-160m", COMMIT).file("config.json", "{}").file("tokenizer.json", "{}")
                .lfsFile("model.safetensors", new byte[1024]);
        assertEquals(Cli.OK, run("pythia..160m"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("EleutherAI/pythia-70m@main -> "), text);
        assertTrue(text.contains("EleutherAI/pythia-160m@main -> "), text);
        assertTrue(Files.exists(cache.resolve("models--EleutherAI--pythia-160m/snapshots/" + COMMIT + "/model.safetensors")));
    }

    @Test
    void byteSizesReadNaturally() {
        assertEquals("999 B", ByteProgressBar.bytes(999));
        assertEquals("1.50 KB", ByteProgressBar.bytes(1536));
        assertEquals("274 MB", ByteProgressBar.bytes(287_113_216L));
        assertEquals("12.6 GB", ByteProgressBar.bytes(13_529_146_982L));
    }
}
