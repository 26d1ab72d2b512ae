package org.isstudio.eval;

import org.isstudio.engine.Cancellation;
import org.isstudio.engine.CausalLm;
import org.isstudio.engine.Progress;
import org.isstudio.engine.ScoreRequest;
import org.isstudio.engine.tokenizer.HfTokenizer;
import org.isstudio.engine.tokenizer.Tokenizer;
import org.isstudio.engine.tokenizer.Tokenizers;
import org.isstudio.model.AppPaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The pure-Java engine as a {@link ScoringBackend}: a Hugging Face model folder scored by {@link CausalLm} with the
 * folder's own tokenizer.
 *
 * <p>Its cache identity is built from content, not from the path: the SHA-256 of every weight file and of the config
 * and tokenizer files, the BOS policy, and {@link #ENGINE_SCORES_VERSION}. Moving or copying a folder keeps its
 * cached scores; replacing a weight file or a tokenizer drops them.
 */
public final class LocalBackend implements ScoringBackend {

    /** Bump when a deliberate change to the engine's numerics makes earlier cached scores obsolete. */
    public static final String ENGINE_SCORES_VERSION = "1";

    private static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "vocab.json", "merges.txt");

    private final CausalLm model;
    private final HfTokenizer tokenizer;
    private final String identity;
    private final String name;

    private LocalBackend(CausalLm model, HfTokenizer tokenizer, String identity, String name) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.identity = identity;
        this.name = name;
    }

    /** Opens a model folder holding its own tokenizer; digests are remembered under the per-user cache folder. */
    public static LocalBackend open(Path folder) throws IOException {
        return open(folder, folder);
    }

    /**
     * Opens weights and a tokenizer kept in separate folders (the demo series shares one tokenizer folder).
     */
    public static LocalBackend open(Path weightsDir, Path tokenizerDir) throws IOException {
        return open(weightsDir, tokenizerDir, new FileDigests(AppPaths.cacheDir().resolve("weights-digests.properties")));
    }

    static LocalBackend open(Path weightsDir, Path tokenizerDir, FileDigests digests) throws IOException {
        HfTokenizer tokenizer = Tokenizers.load(tokenizerDir);
        String identity = identity(weightsDir, tokenizerDir, tokenizer, digests);
        CausalLm model = CausalLm.open(weightsDir);
        return new LocalBackend(model, tokenizer, identity, weightsDir.toAbsolutePath().normalize().getFileName().toString());
    }

    private static String identity(Path weightsDir, Path tokenizerDir, HfTokenizer tokenizer, FileDigests digests)
            throws IOException {
        StringBuilder id = new StringBuilder("local-engine/").append(ENGINE_SCORES_VERSION);
        List<Path> weights = list(weightsDir, n -> n.equals("config.json") || n.endsWith(".safetensors")
                || n.endsWith(".bin") || n.endsWith(".index.json"));
        if (weights.stream().allMatch(p -> p.getFileName().toString().endsWith(".json"))) {
            throw new IOException(weightsDir + ": no weights (*.safetensors or *.bin)");
        }
        List<Path> tokenizerFiles = list(tokenizerDir, TOKENIZER_FILES::contains);
        for (Path f : weights) id.append('|').append(f.getFileName()).append('=').append(digests.sha256(f));
        for (Path f : tokenizerFiles) id.append("|tokenizer/").append(f.getFileName()).append('=').append(digests.sha256(f));
        Tokenizer.BosPolicy bos = tokenizer.bosPolicy();
        id.append("|bos=").append(bos.addsBos() ? bos.bosId() : "none");
        return id.toString();
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<String> wanted) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && wanted.test(p.getFileName().toString())).sorted().toList();
        }
    }

    public CausalLm model() {
        return model;
    }

    @Override
    public String displayName() {
        return name;
    }

    @Override
    public String cacheIdentity() {
        return identity;
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public int maxPositions() {
        return model.maxPositions();
    }

    @Override
    public List<float[]> score(List<ScoreRequest> requests, Cancellation cancel, Progress progress) {
        return model.score(requests, cancel, progress);
    }

    @Override
    public void close() {
        model.close();
    }
}
