package org.isstudio.cli;

import org.isstudio.remote.hub.HubConfig;
import org.isstudio.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills {@code isstudio evaluate} (a separate JVM, SIGKILL) while it writes the score cache, starts it again, and
 * checks that it resumes from what was cached and ends with the same files as an uncached run.
 */
class EvaluateResumeTest {

    @TempDir
    Path dir;

    private Process start(Path task, Path cache, Path out) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), "org.isstudio.Main", "evaluate", task.toString(), "--models",
                Golden.modelDir("gpt2-tiny") + "," + Golden.modelDir("pythia-tiny"), "--out", out.toString(), "--bootstrap", "100"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("log-" + out.getFileName()).toFile());
        pb.environment().put("ISSTUDIO_CACHE_DIR", cache.toString());
        pb.environment().put("ISSTUDIO_CONFIG_DIR", dir.resolve("config").toString());
        return pb.start();
    }

    private static long cachedBytes(Path cache) throws IOException {
        Path scores = cache.resolve("scores");
        if (!Files.isDirectory(scores)) return 0;
        try (Stream<Path> s = Files.list(scores)) {
            return s.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void aKilledRunResumesFromTheCache() throws Exception {
        StringBuilder csv = new StringBuilder("prompt,classes,answer_index\n");
        for (int i = 0; i < 800; i++) {
            csv.append("\"Statement ").append(i).append(": the number ").append(i * 7 % 13).append(" is prime. True or false?\",")
                    .append("\"[' True', ' False']\",").append(i % 2).append('\n');
        }
        Path task = dir.resolve("primes.csv");
        Files.writeString(task, csv);
        Path cache = dir.resolve("cache");

        Process first = start(task, cache, dir.resolve("first"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (first.isAlive() && cachedBytes(cache) < 4096 && System.nanoTime() < deadline) Thread.sleep(10);
        boolean killed = first.isAlive();
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertTrue(cachedBytes(cache) >= 4096, "the first run cached something before it was killed");

        Process second = start(task, cache, dir.resolve("second"));
        assertTrue(second.waitFor(300, TimeUnit.SECONDS), "the second run finishes");
        String log = Files.readString(dir.resolve("log-second"));
        assertEquals(0, second.exitValue(), log);
        Matcher m = Pattern.compile("score cache: (\\d+) of (\\d+) scored sequences reused").matcher(log);
        assertTrue(m.find(), log);
        long reused = Long.parseLong(m.group(1));
        long total = Long.parseLong(m.group(2));
        assertEquals(2 * 800 * 2, total, "2 classes x 800 rows x 2 models");
        assertTrue(reused > 0, log);
        if (killed) assertTrue(reused < total, "the killed run had not finished: " + log);

        // the resumed results are those of a run without the cache
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
        int code = new Cli(List.of(new EvaluateCommand(false, HubConfig.fromEnvironment()))).run(new String[] {"evaluate",
                task.toString(), "--models", Golden.modelDir("gpt2-tiny") + "," + Golden.modelDir("pythia-tiny"), "--out",
                dir.resolve("fresh").toString(), "--no-cache", "--bootstrap", "100"}, quiet, quiet);
        assertEquals(0, code, sink.toString(StandardCharsets.UTF_8));
        // (to float32 rounding: the engine's sums depend on which requests share a batch, and a resumed run batches
        // only what was missing)
        for (String model : List.of("gpt2-tiny", "pythia-tiny")) {
            String file = Golden.modelDir(model).getFileName() + ".csv";
            List<String> fresh = Files.readAllLines(dir.resolve("fresh").resolve(file));
            List<String> resumed = Files.readAllLines(dir.resolve("second").resolve(file));
            assertEquals(fresh.size(), resumed.size());
            assertEquals(fresh.getFirst(), resumed.getFirst());
            for (int i = 1; i < fresh.size(); i++) {
                String[] a = fresh.get(i).split(",");
                String[] b = resumed.get(i).split(",");
                assertEquals(a[0], b[0]);
                assertEquals(Double.parseDouble(a[1]), Double.parseDouble(b[1]), 1e-4, model + " row " + a[0] + " loss");
                assertEquals(Double.parseDouble(a[4]), Double.parseDouble(b[4]), 1e-4, model + " row " + a[0] + " total_logprob");
                if (Math.abs(Double.parseDouble(a[1]) - Math.log(2)) > 1e-3) assertEquals(a[2] + a[3], b[2] + b[3], model + " row " + a[0]);
            }
        }
    }
}
