package org.isstudio.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch's CPU forward pass of the bench's model folder, timed by a Python the user names: the baseline the issue
 * sets full-sequence scoring against (transformers on PyTorch). transformers itself is written out in plain torch
 * ({@code torch_gpt2.py}, GPT2LMHeadModel's computation step by step) so that only torch is needed.
 */
final class TorchGpt2 {

    /** The exit code {@code torch_gpt2.py} gives when it cannot import torch or numpy. */
    static final int NO_TORCH = 3;

    static final String SCRIPT = script();

    private TorchGpt2() {
    }

    /**
     * Tokens/s for each sequence length, scoring {@code batches} (length to number of sequences) with the model in
     * {@code folder} on {@code threads} threads, each the fastest of repeated runs over {@code minSeconds}.
     */
    static Map<Integer, Double> tokensPerSecond(String python, Path folder, int threads, Map<Integer, Integer> batches,
            double minSeconds) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode args = json.createObjectNode().put("model", folder.toString()).put("threads", threads)
                .put("min_seconds", minSeconds);
        var list = args.putArray("batches");
        batches.forEach((length, count) -> list.addArray().add(count).add(length));
        PythonRun run = PythonRun.of(python, SCRIPT, List.of(json.writeValueAsString(args)), 1800, "PyTorch's GPT-2");
        return parse(python, run, batches.keySet());
    }

    /** The script's figures, or an error saying what went wrong in words a user can act on. */
    static Map<Integer, Double> parse(String python, PythonRun run, Iterable<Integer> lengths) throws IOException {
        if (run.exit() == NO_TORCH) {
            throw new IOException(python + " cannot import torch (with numpy), needed for --torch: " + run.output()
                    + " (on Debian: apt install python3-torch, then pass --torch /usr/bin/python3)");
        }
        if (run.exit() != 0) throw new IOException(python + " could not time PyTorch's GPT-2 (exit " + run.exit() + "): " + run.output());
        Map<Integer, Double> out = new LinkedHashMap<>();
        try {
            JsonNode figures = new ObjectMapper().readTree(run.lastLine()).path("tokens_per_s");
            for (int length : lengths) {
                JsonNode f = figures.path(Integer.toString(length));
                if (!f.isNumber() || !(f.asDouble() > 0)) throw new IOException("no positive tokens_per_s for length " + length);
                out.put(length, f.asDouble());
            }
        } catch (IOException e) {
            throw new IOException(python + " printed no PyTorch figures (" + e.getMessage() + "): " + run.output(), e);
        }
        return out;
    }

    private static String script() {
        try (InputStream in = TorchGpt2.class.getResourceAsStream("torch_gpt2.py")) {
            if (in == null) throw new IllegalStateException("torch_gpt2.py is missing from the build");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
