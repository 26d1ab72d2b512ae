package org.isstudio.engine.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint split over several files with an index ({@code model.safetensors.index.json} or
 * {@code pytorch_model.bin.index.json}: {@code {"metadata": {...}, "weight_map": {tensor: shard file}}}),
 * presented as one store. All shards are mapped into one arena, so closing the store unmaps every shard.
 */
public final class ShardedCheckpoint {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ShardedCheckpoint() {
    }

    /** Opens a sharded safetensors set from its {@code model.safetensors.index.json}. */
    public static TensorStore openSafetensors(Path index) throws IOException {
        return open(index, SafeTensors::read);
    }

    /** Opens a sharded set whose shards {@code reader} understands. */
    static TensorStore open(Path index, MappedTensorStore.FileReader reader) throws IOException {
        Map<String, Path> weightMap = readWeightMap(index);
        return MappedTensorStore.build(index, (arena, tensors) -> {
            for (Path shard : new LinkedHashSet<>(weightMap.values())) {
                if (!Files.isRegularFile(shard)) {
                    throw new CheckpointFormatException(index, "names shard " + shard.getFileName() + ", which is missing");
                }
                reader.read(shard, arena, tensors);
            }
            for (Map.Entry<String, Path> e : weightMap.entrySet()) {
                MappedTensorStore.Tensor t = tensors.get(e.getKey());
                if (t == null) {
                    throw CheckpointFormatException.forTensor(index, e.getKey(), "listed in weight_map but absent from "
                            + e.getValue().getFileName());
                }
                if (!t.file().equals(e.getValue())) {
                    throw CheckpointFormatException.forTensor(index, e.getKey(), "weight_map says " + e.getValue().getFileName()
                            + " but it is stored in " + t.file().getFileName());
                }
            }
        });
    }

    /**
     * The distinct shard files an index names, in first-mention order, each checked to lie inside the index's
     * folder: what a downloader must fetch besides the index.
     */
    public static List<Path> shardFiles(Path index) throws IOException {
        return List.copyOf(new LinkedHashSet<>(readWeightMap(index).values()));
    }

    /** The index's tensor-to-shard map, each shard resolved inside the index's folder. */
    static Map<String, Path> readWeightMap(Path index) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(index));
        } catch (JsonProcessingException e) {
            throw new CheckpointFormatException(index, "not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) throw new CheckpointFormatException(index, "missing \"weight_map\" object");
        if (map.isEmpty()) throw new CheckpointFormatException(index, "\"weight_map\" lists no tensors");
        Path folder = index.toAbsolutePath().getParent();
        Map<String, Path> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            if (!e.getValue().isTextual()) {
                throw CheckpointFormatException.forTensor(index, e.getKey(), "weight_map value is not a file name");
            }
            Path shard = folder.resolve(e.getValue().asText()).normalize();
            // An index must not point outside its model folder (e.g. "../../.ssh/id_rsa").
            if (!shard.startsWith(folder) || shard.equals(folder)) {
                throw CheckpointFormatException.forTensor(index, e.getKey(), "shard \"" + e.getValue().asText()
                        + "\" is outside the model folder");
            }
            out.put(e.getKey(), shard);
        }
        return out;
    }
}
