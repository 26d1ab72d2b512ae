package org.isstudio.engine.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a GPT-2 model folder with random weights in the Hub's layout ({@code config.json} and an F32
 * {@code model.safetensors} named like {@code openai-community/gpt2}'s), for benchmarks that need the shape of
 * a real model but not its knowledge.
 */
public final class RandomGpt2 {

    /** GPT-2 small (124M): 12 layers, 12 heads, 768 wide, 1024 positions. */
    public static final RandomGpt2 SMALL = new RandomGpt2(12, 12, 768, 1024, 50257);

    private final int layers;
    private final int heads;
    private final int width;
    private final int positions;
    private final int vocab;

    public RandomGpt2(int layers, int heads, int width, int positions, int vocab) {
        this.layers = layers;
        this.heads = heads;
        this.width = width;
        this.positions = positions;
        this.vocab = vocab;
    }

    public int vocab() {
        return vocab;
    }

    /** Creates the folder's files (the folder must exist); returns the folder. */
    public Path write(Path folder, long seed) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = json.createObjectNode();
        config.put("model_type", "gpt2");
        config.putArray("architectures").add("GPT2LMHeadModel");
        config.put("n_embd", width).put("n_head", heads).put("n_layer", layers).put("n_positions", positions)
                .put("n_ctx", positions).put("vocab_size", vocab).put("activation_function", "gelu_new")
                .put("layer_norm_epsilon", 1e-5);
        Files.writeString(folder.resolve("config.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(config));

        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("wte.weight", new long[] {vocab, width});
        shapes.put("wpe.weight", new long[] {positions, width});
        for (int l = 0; l < layers; l++) {
            String p = "h." + l + ".";
            shapes.put(p + "ln_1.weight", new long[] {width});
            shapes.put(p + "ln_1.bias", new long[] {width});
            shapes.put(p + "attn.c_attn.weight", new long[] {width, 3L * width});
            shapes.put(p + "attn.c_attn.bias", new long[] {3L * width});
            shapes.put(p + "attn.c_proj.weight", new long[] {width, width});
            shapes.put(p + "attn.c_proj.bias", new long[] {width});
            shapes.put(p + "ln_2.weight", new long[] {width});
            shapes.put(p + "ln_2.bias", new long[] {width});
            shapes.put(p + "mlp.c_fc.weight", new long[] {width, 4L * width});
            shapes.put(p + "mlp.c_fc.bias", new long[] {4L * width});
            shapes.put(p + "mlp.c_proj.weight", new long[] {4L * width, width});
            shapes.put(p + "mlp.c_proj.bias", new long[] {width});
        }
        shapes.put("ln_f.weight", new long[] {width});
        shapes.put("ln_f.bias", new long[] {width});

        ObjectNode header = json.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (var e : shapes.entrySet()) {
            long bytes = 4 * count(e.getValue());
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long d : e.getValue()) shape.add(d);
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] text = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        SplittableRandom random = new SplittableRandom(seed);
        Path file = folder.resolve("model.safetensors");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(padded).put(text);
            while (head.hasRemaining()) head.put((byte) ' ');
            head.flip();
            while (head.hasRemaining()) ch.write(head);
            ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (var e : shapes.entrySet()) {
                boolean gain = e.getKey().matches(".*ln_.*\\.weight"), bias = e.getKey().endsWith(".bias");
                // GPT-2's initialisation scale; unit norm gains and zero biases as a fresh model has
                for (long i = count(e.getValue()); i > 0; i--) {
                    if (!buf.hasRemaining()) drain(ch, buf);
                    buf.putFloat(gain ? 1f : bias ? 0f : (float) ((random.nextDouble() - 0.5) * 0.07));
                }
            }
            drain(ch, buf);
        }
        return folder;
    }

    private static void drain(FileChannel ch, ByteBuffer buf) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) ch.write(buf);
        buf.clear();
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }
}
