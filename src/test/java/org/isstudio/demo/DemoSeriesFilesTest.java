package org.isstudio.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isstudio.engine.load.HfConfig;
import org.isstudio.model.AppPaths;
import org.isstudio.remote.sizing.ParameterCount;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped demo series ({@code app/models/demo/}) is what {@code series.json} says it is: one Hugging Face
 * GPT-2 folder per member, fp16 safetensors with exactly GPT-2's tensors (tied head not stored), parameter
 * counts and checksums that match, held-out losses that fall with size, and the files a newcomer needs
 * (shared tokenizer, README, licence notices) within the size budget.
 */
class DemoSeriesFilesTest {

    private static final Path DEMO = AppPaths.demoModelsDir();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SIZE_BUDGET = 40L << 20;

    private static JsonNode series() throws IOException {
        return JSON.readTree(DEMO.resolve("series.json").toFile());
    }

    private static List<JsonNode> members() throws IOException {
        List<JsonNode> members = new ArrayList<>();
        series().get("members").forEach(members::add);
        return members;
    }

    @Test
    void seriesListsExactlyTheModelFoldersSmallestFirst() throws IOException {
        TreeSet<String> folders = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(DEMO)) {
            dirs.filter(d -> Files.isRegularFile(d.resolve("config.json"))).forEach(d -> folders.add(d.getFileName().toString()));
        }
        TreeSet<String> listed = new TreeSet<>();
        long previous = 0;
        for (JsonNode m : members()) {
            listed.add(m.get("folder").asText());
            long parameters = m.get("parameters").asLong();
            assertTrue(parameters > previous, m.get("name") + " is listed after a member at least as large");
            previous = parameters;
        }
        assertTrue(listed.size() >= 3, "a series needs at least three members, found " + listed);
        assertEquals(folders, listed);
    }

    @Test
    void heldOutLossFallsWithSize() throws IOException {
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode m : members()) {
            double loss = m.get("heldout_loss").asDouble();
            assertTrue(loss < previous, m.get("name") + ": held-out loss " + loss + " is not below the smaller member's " + previous);
            assertTrue(loss > 0 && loss < Math.log(50257), m.get("name") + ": held-out loss " + loss + " is not a trained model's");
            previous = loss;
        }
    }

    @Test
    void everyMemberIsAGpt2WithTiedEmbeddingsAndTheDocumentedShape() throws IOException {
        int context = series().get("context").asInt();
        for (JsonNode m : members()) {
            Path dir = DEMO.resolve(m.get("folder").asText());
            JsonNode config = JSON.readTree(dir.resolve("config.json").toFile());
            String where = dir.resolve("config.json").toString();
            assertEquals("gpt2", config.get("model_type").asText(), where);
            assertEquals("gelu_new", config.get("activation_function").asText(), where);
            assertTrue(config.get("tie_word_embeddings").asBoolean(), where + ": tie_word_embeddings");
            assertEquals(50257, config.get("vocab_size").asInt(), where);
            assertEquals(context, config.get("n_positions").asInt(), where);
            assertEquals(m.get("n_embd").asInt(), config.get("n_embd").asInt(), where);
            assertEquals(m.get("n_layer").asInt(), config.get("n_layer").asInt(), where);
            assertEquals(m.get("n_head").asInt(), config.get("n_head").asInt(), where);
            assertEquals(0, config.get("n_embd").asInt() % config.get("n_head").asInt(), where + ": heads divide n_embd");
            assertTrue(Files.isRegularFile(dir.resolve("training.json")), dir + " has training.json");
        }
    }

    @Test
    void safetensorsHoldExactlyGpt2TensorsInFp16() throws IOException {
        for (JsonNode m : members()) {
            Path dir = DEMO.resolve(m.get("folder").asText());
            Path file = dir.resolve("model.safetensors");
            Map<String, long[]> expected = gpt2Tensors(m.get("n_embd").asLong(), m.get("n_layer").asInt(),
                    series().get("context").asLong());
            JsonNode header = header(file);
            TreeSet<String> names = new TreeSet<>();
            header.fieldNames().forEachRemaining(n -> {
                if (!n.equals("__metadata__")) names.add(n);
            });
            assertEquals(new TreeSet<>(expected.keySet()), names, file + ": tensor names");
            long end = 0;
            long elements = 0;
            for (Map.Entry<String, long[]> e : expected.entrySet()) {
                JsonNode t = header.get(e.getKey());
                assertEquals("F16", t.get("dtype").asText(), file + ": " + e.getKey());
                long[] shape = JSON.convertValue(t.get("shape"), long[].class);
                assertEquals(List.of(box(e.getValue())), List.of(box(shape)), file + ": shape of " + e.getKey());
                long count = 1;
                for (long s : shape) count *= s;
                long begin = t.get("data_offsets").get(0).asLong();
                long stop = t.get("data_offsets").get(1).asLong();
                assertEquals(2 * count, stop - begin, file + ": byte length of " + e.getKey());
                end = Math.max(end, stop);
                elements += count;
            }
            assertEquals(Files.size(file), 8 + headerLength(file) + end, file + ": the data ends where the file ends");
            assertEquals(m.get("parameters").asLong(), elements, file + ": parameter count in series.json");
            assertEquals(ParameterCount.of(HfConfig.read(dir)).orElseThrow().total(), elements,
                    file + ": parameter count from config.json");
            assertEquals(m.get("model_sha256").asText(), sha256(file), file + ": checksum in series.json");
        }
    }

    /** GPT-2's tensor names and shapes in the Hugging Face layout (Conv1D weights are (in, out)). */
    private static Map<String, long[]> gpt2Tensors(long d, int layers, long positions) {
        Map<String, long[]> t = new LinkedHashMap<>();
        t.put("transformer.wte.weight", new long[]{50257, d});
        t.put("transformer.wpe.weight", new long[]{positions, d});
        for (int i = 0; i < layers; i++) {
            String h = "transformer.h." + i + ".";
            t.put(h + "ln_1.weight", new long[]{d});
            t.put(h + "ln_1.bias", new long[]{d});
            t.put(h + "attn.c_attn.weight", new long[]{d, 3 * d});
            t.put(h + "attn.c_attn.bias", new long[]{3 * d});
            t.put(h + "attn.c_proj.weight", new long[]{d, d});
            t.put(h + "attn.c_proj.bias", new long[]{d});
            t.put(h + "ln_2.weight", new long[]{d});
            t.put(h + "ln_2.bias", new long[]{d});
            t.put(h + "mlp.c_fc.weight", new long[]{d, 4 * d});
            t.put(h + "mlp.c_fc.bias", new long[]{4 * d});
            t.put(h + "mlp.c_proj.weight", new long[]{4 * d, d});
            t.put(h + "mlp.c_proj.bias", new long[]{d});
        }
        t.put("transformer.ln_f.weight", new long[]{d});
        t.put("transformer.ln_f.bias", new long[]{d});
        return t;
    }

    private static Long[] box(long[] values) {
        Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++) boxed[i] = values[i];
        return boxed;
    }

    private static long headerLength(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, 0);
            return b.flip().getLong();
        }
    }

    private static JsonNode header(Path file) throws IOException {
        long length = headerLength(file);
        assertEquals(0, length % 8, file + ": the header is padded to 8 bytes");
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(length));
            ch.read(b, 8);
            return JSON.readTree(b.array());
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sharedTokenizerReadmeAndLicencesShipWithinTheSizeBudget() throws IOException {
        for (String f : List.of("tokenizer/tokenizer.json", "tokenizer/tokenizer_config.json",
                "tokenizer/special_tokens_map.json", "README.md", "heldout-sample.txt")) {
            assertTrue(Files.isRegularFile(DEMO.resolve(f)), DEMO.resolve(f) + " is missing");
        }
        assertEquals(50257, JSON.readTree(DEMO.resolve("tokenizer/tokenizer.json").toFile())
                .get("model").get("vocab").size());
        assertTrue(Files.isRegularFile(AppPaths.appDir().resolve("licenses/WordNet-3.0.txt")), "WordNet licence notice");
        long total = 0;
        List<Path> files;
        try (Stream<Path> all = Files.walk(DEMO)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) total += Files.size(f);
        assertTrue(total < SIZE_BUDGET, "the demo series takes " + total + " bytes, over " + SIZE_BUDGET);
    }
}
