package org.isstudio.remote.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which files of a model repository scoring needs: the config, the tokenizer, and the weights in one
 * format, the engine's preferred one (safetensors, else PyTorch pickles), single or sharded. Repositories
 * such as gpt2 also carry TensorFlow, Flax, ONNX, Core ML and quantised copies that would multiply the
 * download for nothing.
 */
public final class ScoringFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Tokenizer files, any that exist: the fast tokenizer, its configuration, and the slow GPT-2/OPT pair. */
    static final List<String> TOKENIZER = List.of(
            "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.json", "merges.txt");

    /** Weight formats in order of preference: a single file, or an index naming the shards. */
    private static final List<String[]> WEIGHTS = List.of(
            new String[]{"model.safetensors", "model.safetensors.index.json"},
            new String[]{"pytorch_model.bin", "pytorch_model.bin.index.json"});

    private ScoringFiles() {
    }

    /**
     * The config and tokenizer files of a repository listing: config.json, and tokenizer.json or the slow
     * GPT-2/OPT pair vocab.json + merges.txt, with the tokenizer configuration files that exist.
     */
    public static List<String> tokenizer(String repoId, Collection<String> available) throws HubException {
        if (!available.contains("config.json")) {
            throw new HubException(HubException.Kind.UNUSABLE_REPO,
                    repoId + " has no config.json at the root, so it is not a transformers model repository");
        }
        if (!available.contains("tokenizer.json") && !(available.contains("vocab.json") && available.contains("merges.txt"))) {
            throw new HubException(HubException.Kind.UNUSABLE_REPO, repoId + " has no tokenizer.json (nor vocab.json with merges.txt)");
        }
        List<String> out = new ArrayList<>();
        out.add("config.json");
        for (String t : TOKENIZER) if (available.contains(t)) out.add(t);
        return out;
    }

    /** The single weight file or the shard index the engine should load. */
    public static String weightEntry(String repoId, Collection<String> available) throws HubException {
        for (String[] format : WEIGHTS) {
            if (available.contains(format[0])) return format[0];
            if (available.contains(format[1])) return format[1];
        }
        throw new HubException(HubException.Kind.UNUSABLE_REPO, repoId
                + " has no weights the engine reads (model.safetensors, pytorch_model.bin or their sharded indexes)");
    }

    public static boolean isShardIndex(String path) {
        return path.endsWith(".index.json");
    }

    /** The shard files a {@code *.index.json} names in its {@code weight_map}. */
    public static Set<String> shards(Path index) throws IOException {
        JsonNode map = JSON.readTree(index.toFile()).path("weight_map");
        if (!map.isObject() || map.isEmpty()) {
            throw new IOException(index + ": no \"weight_map\" object naming the shard files");
        }
        Set<String> shards = new TreeSet<>();
        map.properties().forEach(e -> shards.add(e.getValue().asText()));
        return shards;
    }
}
