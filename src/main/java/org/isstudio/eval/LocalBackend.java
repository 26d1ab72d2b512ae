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

    private static final List<String> DESCRIBING_FILES = List.of("config.json", "tokenizer.json", "tokenizer_config.json",
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

    /** Opens a model folder; digests are remembered under the per-user cache folder. */
    public static LocalBackend open(Path folder) throws IOException {
        return open(folder, new FileDigests(AppPaths.cacheDir().resolve("weights-digests.properties")));
    }

    static LocalBackend open(Path folder, FileDigests digests) throws IOException {
        HfTokenizer tokenizer = Tokenizers.load(folder);
        String identity = identity(folder, tokenizer, digests);
        CausalLm model = CausalLm.open(folder);
        return new LocalBackend(model, tokenizer, identity, folder.toAbsolutePath().normalize().getFileName().toString());
    }

    private static String identity(Path folder, HfTokenizer tokenizer, FileDigests digests) throws IOException {
        StringBuilder id = new StringBuilder("local-engine/").append(ENGINE_SCORES_VERSION);
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> {
                String n = p.getFileName().toString();
                return DESCRIBING_FILES.contains(n) || n.endsWith(".safetensors") || n.endsWith(".bin")
                        || n.endsWith(".index.json");
            }).sorted().toList();
        }
        if (files.stream().noneMatch(p -> !DESCRIBING_FILES.contains(p.getFileName().toString()))) {
            throw new IOException(folder + ": no weights (*.safetensors or *.bin)");
        }
        for (Path f : files) id.append('|').append(f.getFileName()).append('=').append(digests.sha256(f));
        Tokenizer.BosPolicy bos = tokenizer.bosPolicy();
        id.append("|bos=").append(bos.addsBos() ? bos.bosId() : "none");
        return id.toString();
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
    public List<float[]> score(List<ScoreRequest> requests, Cancellation cancel, Progress progress) {
        return model.score(requests, cancel, progress);
    }

    @Override
    public void close() {
        model.close();
    }
}
