package org.isstudio.cli;

import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.engine.ScoreRequest;
import org.isstudio.engine.tokenizer.Tokenizer;
import org.isstudio.eval.ScoringBackend;
import org.isstudio.remote.hub.HubConfig;
import org.isstudio.remote.scoring.ServerException;
import org.isstudio.remote.sizing.Machine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelsCommandTest {

    private static final long GB = 1L << 30;

    @TempDir
    Path tmp;

    private ModelsCommand.ServerOpener servers = (spec, hub) -> {
        throw new ServerException(spec.baseUrl() + " returns no prompt log-probs (an empty prefill): "
                + "since TGI 3.0 they are off unless the launcher is started with --enable-prefill-logprobs");
    };
    private int status;

    private String run(String... args) throws Exception {
        Path demo = tmp.resolve("demo");
        Files.createDirectories(demo.resolve("tokenizer"));
        Files.writeString(demo.resolve("tokenizer/tokenizer.json"), "{}");
        Path member = Files.createDirectories(demo.resolve("d32"));
        Files.writeString(member.resolve("config.json"), "{\"model_type\":\"gpt2\",\"n_embd\":32,\"n_layer\":2,\"n_head\":2,\"n_positions\":128}");
        Files.write(member.resolve("model.safetensors"), new byte[3_275_584]);
        Path cache = tmp.resolve("hub");
        snapshot(cache, "EleutherAI/pythia-70m");
        snapshot(cache, "someone/custom-model");
        ModelsCommand c = new ModelsCommand(new HubConfig(URI.create("http://127.0.0.1:9"), cache, Optional.empty(), true),
                demo, Optional.of(new Machine(16 * GB, 8 * GB, 4, 10)), servers);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        status = c.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A snapshot in huggingface_hub's layout with a real Pythia-70m config and a stand-in weight file. */
    private static void snapshot(Path cache, String repo) throws IOException {
        String commit = "a39f36b100fe8a5377810d56c3f4789b9c53ac42";
        Path dir = Files.createDirectories(cache.resolve("models--" + repo.replace("/", "--")).resolve("snapshots").resolve(commit));
        Path refs = Files.createDirectories(dir.getParent().getParent().resolve("refs"));
        Files.writeString(refs.resolve("main"), commit);
        Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"gpt_neox\",\"vocab_size\":50304,\"hidden_size\":512,"
                + "\"num_hidden_layers\":6,\"num_attention_heads\":8,\"intermediate_size\":2048,\"torch_dtype\":\"float16\"}");
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        Files.write(dir.resolve("model.safetensors"), new byte[166_000_000 / 1000]);
    }

    @Test
    void listsDemoCatalogAndCacheWithFit() throws Exception {
        String text = run();
        assertEquals(Cli.OK, status);
        assertTrue(text.contains("This machine: 16.0 GB memory (8.0 GB free), 4 cores, about 10.0 GFLOP/s measured"), text);
        assertTrue(text.matches("(?s).*\\n  demo-d32 +1.64M +3 MB +shipped +runs here.*"), text);
        assertTrue(text.matches("(?s).*\\n  pythia-70m +70M +162 KB +cached +runs here, ~5 s per 1k tokens\\n.*"), text);
        assertTrue(text.matches("(?s).*\\n  pythia-12b +12B +22.1 GB +needs a server: needs about 25.8 GB of memory, this machine has 16.0 GB\\n.*"), text);
        assertTrue(text.contains("davinci"), text);
        assertTrue(text.contains("listed for reference; cannot be scored"), text);
        assertTrue(text.matches("(?s).*\\n  davinci-002 +175B +OpenAI +scored on OpenAI's API \\(openai:davinci-002, needs "
                + "OPENAI_API_KEY\\)\\n.*"), text);
        assertTrue(text.matches("(?s).*Other models in the Hugging Face cache:\\n  someone/custom-model .*revisions: main.*"), text);
    }

    @Test
    void serversAreProbedAndTheirProblemsExplained() throws Exception {
        String text = run("tgi+http://127.0.0.1:8080");
        assertEquals(Cli.FAILED, status);
        assertEquals("""

                tgi+http://127.0.0.1:8080:
                  cannot score: http://127.0.0.1:8080 returns no prompt log-probs (an empty prefill): since TGI 3.0 they are \
                off unless the launcher is started with --enable-prefill-logprobs
                """, text);
    }

    @Test
    void aServerThatPassesTheProbeIsReported() throws Exception {
        servers = (spec, hub) -> new ScoringBackend() {
            public String displayName() {
                return "EleutherAI/pythia-12b@gpu:8000";
            }

            public String cacheIdentity() {
                return "openai-completions:http://gpu:8000/v1#EleutherAI/pythia-12b";
            }

            public Tokenizer tokenizer() {
                throw new UnsupportedOperationException();
            }

            public List<float[]> score(List<ScoreRequest> r, Cancellation c,
                                       Progress p) {
                throw new UnsupportedOperationException();
            }

            public void close() {
            }
        };
        String text = run("vllm+http://gpu:8000/v1#EleutherAI/pythia-12b");
        assertEquals(Cli.OK, status);
        assertTrue(text.contains("vllm+http://gpu:8000/v1#EleutherAI/pythia-12b:\n  ready to score EleutherAI/pythia-12b@gpu:8000"), text);
    }

    @Test
    void listsOnlyTheSeriesAsked() throws Exception {
        String text = run("opt");
        assertTrue(text.contains("opt-66b"));
        assertTrue(!text.contains("pythia") && !text.contains("demo-d32"), text);
        assertTrue(assertThrows(UsageException.class, () -> run("nonsense")).getMessage().startsWith("no series 'nonsense'; series: demo, gpt2"));
    }
}
