package org.isstudio.engine.load;

import org.isstudio.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardedCheckpointTest {

    @TempDir
    Path tmp;

    private static final String SHARD1 = "model-00001-of-00002.safetensors";
    private static final String SHARD2 = "model-00002-of-00002.safetensors";

    /** Splits golden llama-tiny into two shards plus an index, as transformers' save_pretrained(max_shard_size) does. */
    private Map<String, String> shard(Path folder) throws IOException {
        Map<String, String> weightMap = new LinkedHashMap<>();
        try (TensorStore whole = ModelFiles.open(Golden.root().resolve("models/llama-tiny"))) {
            Map<String, SafeTensorsFiles.Spec> all = SafeTensorsFiles.specs(whole);
            Map<String, SafeTensorsFiles.Spec> first = new LinkedHashMap<>();
            Map<String, SafeTensorsFiles.Spec> second = new LinkedHashMap<>();
            for (var e : all.entrySet()) {
                boolean early = e.getKey().startsWith("lm_head") || e.getKey().contains("layers.0.");
                (early ? first : second).put(e.getKey(), e.getValue());
                weightMap.put(e.getKey(), early ? SHARD1 : SHARD2);
            }
            SafeTensorsFiles.write(folder.resolve(SHARD1), first);
            SafeTensorsFiles.write(folder.resolve(SHARD2), second);
        }
        writeIndex(folder, weightMap);
        return weightMap;
    }

    private static void writeIndex(Path folder, Map<String, String> weightMap) throws IOException {
        StringJoiner j = new StringJoiner(",\n    ", "{\n  \"metadata\": {\"total_size\": 0},\n  \"weight_map\": {\n    ", "\n  }\n}\n");
        weightMap.forEach((k, v) -> j.add("\"" + k + "\": \"" + v + "\""));
        Files.writeString(folder.resolve(ModelFiles.SAFETENSORS_INDEX), j.toString());
    }

    @Test
    void oneStoreOverEveryShardWithTheOriginalBytes() throws IOException {
        Map<String, String> weightMap = shard(tmp);
        try (TensorStore sharded = ModelFiles.open(tmp);
             TensorStore whole = ModelFiles.open(Golden.root().resolve("models/llama-tiny"))) {
            assertEquals(tmp.resolve(ModelFiles.SAFETENSORS_INDEX), sharded.source());
            assertEquals(new java.util.TreeSet<>(whole.names()), new java.util.TreeSet<>(sharded.names()));
            for (String name : whole.names()) {
                assertEquals(whole.info(name).toString(), sharded.info(name).toString());
                assertEquals(-1, whole.segment(name).mismatch(sharded.segment(name)), name);
                assertEquals(tmp.resolve(weightMap.get(name)), ((MappedTensorStore) sharded).file(name));
            }
            assertEquals(List.of(tmp.resolve(SHARD1), tmp.resolve(SHARD2)), ShardedCheckpoint.shardFiles(tmp.resolve(ModelFiles.SAFETENSORS_INDEX)));
            TensorNames names = new TensorNames(sharded);
            assertEquals("model.layers.1.mlp.up_proj.weight", names.resolve("layers.1.mlp.up_proj.weight"));
        }
    }

    @Test
    void closingUnmapsEveryShard() throws IOException {
        shard(tmp);
        TensorStore store = ModelFiles.open(tmp);
        List<MemorySegment> segments = new ArrayList<>();
        for (String n : List.of("lm_head.weight", "model.norm.weight")) segments.add(store.segment(n));
        store.close();
        for (MemorySegment s : segments) assertThrows(IllegalStateException.class, () -> s.get(ValueLayout.JAVA_BYTE, 0));
    }

    private String failure(Map<String, String> weightMap) throws IOException {
        writeIndex(tmp, weightMap);
        Path index = tmp.resolve(ModelFiles.SAFETENSORS_INDEX);
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> ModelFiles.open(tmp).close());
        assertTrue(e.getMessage().startsWith(index + ": "), e.getMessage());
        return e.getMessage().substring(index.toString().length() + 2);
    }

    @Test
    void indexErrorsNameTheIndexTheShardAndTheTensor() throws IOException {
        Map<String, String> weightMap = shard(tmp);

        Map<String, String> wrongShard = new LinkedHashMap<>(weightMap);
        wrongShard.put("lm_head.weight", SHARD2);
        assertEquals("tensor \"lm_head.weight\": weight_map says " + SHARD2 + " but it is stored in " + SHARD1, failure(wrongShard));

        Map<String, String> extra = new LinkedHashMap<>(weightMap);
        extra.put("model.layers.2.mlp.up_proj.weight", SHARD2);
        assertEquals("tensor \"model.layers.2.mlp.up_proj.weight\": listed in weight_map but absent from " + SHARD2, failure(extra));

        Map<String, String> missing = new LinkedHashMap<>(weightMap);
        missing.put("x", "model-00003-of-00002.safetensors");
        assertEquals("names shard model-00003-of-00002.safetensors, which is missing", failure(missing));

        Map<String, String> escape = new LinkedHashMap<>(weightMap);
        escape.put("x", "../outside.safetensors");
        assertEquals("tensor \"x\": shard \"../outside.safetensors\" is outside the model folder", failure(escape));

        Files.writeString(tmp.resolve(ModelFiles.SAFETENSORS_INDEX), "{\"metadata\": {}}");
        assertThrows(CheckpointFormatException.class, () -> ModelFiles.open(tmp));
    }

    @Test
    void aTensorStoredInTwoShardsIsAnError() throws IOException {
        Map<String, String> weightMap = shard(tmp);
        Map<String, SafeTensorsFiles.Spec> dup = new LinkedHashMap<>();
        dup.put("model.norm.weight", new SafeTensorsFiles.Spec("F32", new long[]{1}, SafeTensorsFiles.floats(1)));
        dup.put("extra", new SafeTensorsFiles.Spec("F32", new long[]{1}, SafeTensorsFiles.floats(1)));
        SafeTensorsFiles.write(tmp.resolve("model-extra.safetensors"), dup);
        weightMap.put("extra", "model-extra.safetensors");
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> {
            writeIndex(tmp, weightMap);
            ModelFiles.open(tmp).close();
        });
        assertEquals(tmp.resolve("model-extra.safetensors") + ": tensor \"model.norm.weight\": also stored in " + tmp.resolve(SHARD2),
                e.getMessage());
    }

    @Test
    void picksWeightFilesInTransformersOrder() throws IOException {
        shard(tmp);
        // model.safetensors wins over the index when both are present.
        SafeTensorsFiles.write(tmp.resolve(ModelFiles.SAFETENSORS),
                Map.of("only", new SafeTensorsFiles.Spec("F32", new long[]{1}, SafeTensorsFiles.floats(7))));
        try (TensorStore store = ModelFiles.open(tmp)) {
            assertArrayEquals(new float[]{7}, TensorFloats.read(store, "only"));
        }
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertTrue(assertThrows(CheckpointFormatException.class, () -> ModelFiles.open(empty)).getMessage()
                .endsWith("empty: no weights: expected model.safetensors, model.safetensors.index.json, pytorch_model.bin or pytorch_model.bin.index.json"));
        Files.createFile(empty.resolve("tf_model.h5"));
        assertTrue(assertThrows(CheckpointFormatException.class, () -> ModelFiles.open(empty)).getMessage()
                .contains("has only tf_model.h5 (TensorFlow or Flax weights)"));
    }
}
