package org.isstudio.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The golden fixtures in src/test/resources/golden: tiny models in Hub layouts and what real
 * transformers computed for them. See that folder's README.
 */
public final class Golden {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Path> ASSEMBLED = new ConcurrentHashMap<>();

    private Golden() {
    }

    public static Path root() {
        try {
            return Path.of(Golden.class.getResource("/golden/README.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every model folder that has weights here (opt-125m-tiny is served by opt-125m-tiny-bin). */
    public static List<String> modelNames() {
        try (Stream<Path> s = Files.list(root().resolve("models"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tokenizer flavour of a model folder, from the manifest. */
    public static String flavour(String model) {
        return manifest().path("models").path(model).path("tokenizer_flavor").asText();
    }

    /** A tokenizer folder: gpt2, gpt2-nfc, gpt2-bos, opt, llama2 or llama3. */
    public static Path tokenizerDir(String flavour) {
        Path p = root().resolve("tokenizers").resolve(flavour);
        if (!Files.isDirectory(p)) throw new IllegalArgumentException("no tokenizer flavour " + flavour);
        return p;
    }

    /**
     * A complete Hub-style model folder (config, weights and tokenizer files), assembled once per test JVM in
     * a temporary directory with symbolic links to the fixtures.
     */
    public static Path modelDir(String model) {
        return ASSEMBLED.computeIfAbsent(model, Golden::assemble);
    }

    private static Path assemble(String model) {
        Path src = root().resolve("models").resolve(model);
        if (!Files.isDirectory(src)) throw new IllegalArgumentException("no golden model folder " + model);
        try {
            Path dir = Files.createTempDirectory("golden-" + model);
            dir.toFile().deleteOnExit();
            try (Stream<Path> files = Files.list(src)) {
                for (Path f : files.toList()) link(dir, f);
            }
            try (Stream<Path> files = Files.list(tokenizerDir(flavour(model)))) {
                for (Path f : files.toList()) link(dir, f);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void link(Path dir, Path target) throws IOException {
        Path l = dir.resolve(target.getFileName().toString());
        Files.createSymbolicLink(l, target.toAbsolutePath());
        l.toFile().deleteOnExit();
    }

    /** expected/&lt;model&gt;.json (the scoring golden) parsed. */
    public static JsonNode expected(String model) {
        return read(root().resolve("expected").resolve(model + ".json"));
    }

    public static JsonNode tokenizerCases() {
        return read(root().resolve("expected/tokenizer_cases.json"));
    }

    public static JsonNode manifest() {
        return read(root().resolve("expected/manifest.json"));
    }

    private static JsonNode read(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
