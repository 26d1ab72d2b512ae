package org.isstudio.remote.catalog;

import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.remote.http.JdkHttpTransport;
import org.isstudio.remote.hub.FakeHub;
import org.isstudio.remote.hub.HubCache;
import org.isstudio.remote.hub.HubClient;
import org.isstudio.remote.hub.HubConfig;
import org.isstudio.remote.scoring.ServerSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelResolverTest {

    @TempDir
    Path tmp;
    private ModelResolver resolver;
    private Path demo;

    @BeforeEach
    void setUp() throws IOException {
        demo = tmp.resolve("demo");
        // two tiny GPT-2 members, deliberately named so that folder order is not size order
        member("a-wide", 64, 2);
        member("b-narrow", 32, 2);
        Files.createDirectories(demo.resolve("tokenizer"));
        Files.writeString(demo.resolve("tokenizer/tokenizer.json"), "{}");
        Files.createDirectories(demo.resolve("training"));
        resolver = new ModelResolver(CatalogTest.shipped(), demo, new HubCache(tmp.resolve("hub")));
    }

    private void member(String name, int d, int layers) throws IOException {
        Path dir = Files.createDirectories(demo.resolve(name));
        Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"gpt2\",\"n_embd\":" + d + ",\"n_layer\":" + layers
                + ",\"n_head\":2,\"n_positions\":128}");
        Files.writeString(dir.resolve("model.safetensors"), name);
    }

    private List<String> names(String spec) throws IOException {
        return resolver.resolveAll(spec).stream().map(ModelChoice::name).toList();
    }

    @Test
    void seriesRanges() throws IOException {
        assertEquals(List.of("pythia-70m", "pythia-160m", "pythia-410m", "pythia-1b"), names("pythia..1b"));
        assertEquals(List.of("pythia-160m", "pythia-410m", "pythia-1b", "pythia-1.4b"), names("pythia-160m..1.4B"));
        assertEquals(List.of("gpt2", "gpt2-medium", "gpt2-large"), names("gpt2..gpt2-large"));
        assertEquals(4, names("gpt2..").size());
        assertEquals(8, names("pythia").size());
        assertEquals(List.of("qwen2.5-0.5b", "qwen2.5-1.5b", "qwen2.5-3b"), names("qwen2.5..3b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> names("pythia..2b"));
        assertTrue(e.getMessage().contains("sizes: 70M, 160M, 410M, 1B, 1.4B, 2.8B, 6.9B, 12B"), e.getMessage());
    }

    @Test
    void contestNamesSelectSingleModelsWithTheContestsPlotPositions() throws IOException {
        List<ModelChoice> m = resolver.resolveAll("gpt2, gpt2-medium,opt-350m,gpt2");
        assertEquals(List.of("gpt2", "gpt2-medium", "opt-350m"), m.stream().map(ModelChoice::name).toList());
        assertEquals(350_000_000L, m.get(2).parameters());
        assertEquals(331_196_416L, m.get(2).totalParameters());
        ModelSource.Hub hub = assertInstanceOf(ModelSource.Hub.class, m.getFirst().source());
        assertEquals("openai-community/gpt2", hub.repo());
        assertEquals(List.of("gpt2"), hub.alsoCachedAs());
    }

    @Test
    void hubIdsAndRevisions() throws IOException {
        ModelChoice c = resolver.resolveAll("EleutherAI/pythia-70m@step3000").getFirst();
        assertEquals(new ModelSource.Hub("EleutherAI/pythia-70m", "step3000", List.of()), c.source());
        assertEquals("pythia-70m@step3000", c.name(), "a catalog repo keeps its catalog name");
        ModelChoice other = resolver.resolveAll("someone/tiny-model").getFirst();
        assertEquals(-1, other.parameters(), "unknown until downloaded");
        assertEquals(new ModelSource.Hub("someone/tiny-model", "main", List.of()), other.source());
    }

    @Test
    void theDemoSeriesIsOrderedBySizeAndSharesItsTokenizer() throws IOException {
        List<ModelChoice> d = resolver.resolveAll("demo");
        assertEquals(List.of("demo-b-narrow", "demo-a-wide"), d.stream().map(ModelChoice::name).toList());
        ModelSource.Folder f = assertInstanceOf(ModelSource.Folder.class, d.getFirst().source());
        assertEquals(demo.resolve("b-narrow"), f.weightsDir());
        assertEquals(demo.resolve("tokenizer"), f.tokenizerDir());
        assertTrue(f.identity().startsWith("demo:b-narrow@"), f.identity());
        // 50257*32 + 128*32 + 2*(12*32*32 + 13*32) + 2*32
        assertEquals(1_637_792L, d.getFirst().parameters());
        assertEquals(List.of("demo-b-narrow"), names("demo..b-narrow"));
    }

    @Test
    void localFoldersAndServers() throws IOException {
        ModelChoice folder = resolver.resolveAll(demo.resolve("a-wide").toString()).getFirst();
        assertEquals("a-wide", folder.name());
        assertInstanceOf(ModelSource.Folder.class, folder.source());

        ModelChoice server = resolver.resolveAll("vllm+http://gpu:8000#EleutherAI/pythia-12b").getFirst();
        ModelSource.Server s = assertInstanceOf(ModelSource.Server.class, server.source());
        assertEquals(ServerSpec.Protocol.VLLM, s.spec().protocol());
        assertEquals("http://gpu:8000/v1", s.spec().baseUrl().toString());
        assertEquals(12_000_000_000L, server.parameters(), "a served catalog model keeps its size");
        assertEquals("EleutherAI/pythia-12b@gpu:8000", server.name());
    }

    @Test
    void openAisModelsAreServersWithTheirSeriesAndPlotPositions() throws IOException {
        List<ModelChoice> all = resolver.resolveAll("openai-base,openai:davinci-002,babbage-002");
        assertEquals(List.of("babbage-002", "davinci-002"), all.stream().map(ModelChoice::name).toList(), "named twice, kept once");
        for (ModelChoice c : all) {
            ModelSource.Server s = assertInstanceOf(ModelSource.Server.class, c.source());
            assertEquals(ServerSpec.Protocol.OPENAI_API, s.spec().protocol());
            assertEquals("openai:" + c.name(), s.spec().toString());
            assertEquals("openai-base", c.series());
        }
        assertEquals(1_300_000_000L, all.get(0).parameters());
        assertEquals(175_000_000_000L, all.get(1).parameters());
        ModelChoice other = resolver.resolve("openai:gpt-3.5-turbo-instruct").getFirst();
        assertEquals("", other.series());
        assertEquals(-1, other.parameters(), "a model outside the catalog has no known size");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> names("davinci-002@v2")).getMessage().contains("no revisions"));
        ModelChoice fineTune = resolver.resolve("openai:ft:davinci-002:my-org::abc123").getFirst();
        assertEquals("ft:davinci-002:my-org::abc123", fineTune.name());
        assertEquals(175_000_000_000L, fineTune.parameters(), "plotted where its base model is");
        assertEquals("", fineTune.series(), "but not on its base model's curve");
    }

    @Test
    void unusableWordsAreExplained() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> names("davinci")).getMessage().contains("cannot be scored"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> names("not a model")).getMessage()
                .contains("isstudio models lists them"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> names("gpt2@")).getMessage().contains("nothing after '@'"));
    }

    @Test
    void ensureLocalDownloadsAndCountsParameters() throws IOException {
        String commit = "1111111111111111111111111111111111111111";
        try (FakeHub hub = new FakeHub()) {
            hub.repo("someone/tiny-model", commit).file("config.json", "{\"model_type\":\"gpt2\",\"n_embd\":32,\"n_layer\":2,"
                    + "\"n_head\":2,\"n_positions\":128}").file("tokenizer.json", "{}").lfsFile("model.safetensors", new byte[100]);
            HubClient client = new HubClient(new HubConfig(hub.endpoint(), tmp.resolve("hub"), Optional.empty(), false),
                    new JdkHttpTransport(), 2, Duration.ofMillis(1));
            ModelChoice c = resolver.ensureLocal(resolver.resolveAll("someone/tiny-model").getFirst(), client,
                    Progress.NONE, Cancellation.NONE);
            ModelSource.Folder f = assertInstanceOf(ModelSource.Folder.class, c.source());
            assertEquals("hub:someone/tiny-model@" + commit, f.identity());
            assertEquals(f.weightsDir(), f.tokenizerDir());
            assertEquals(1_637_792L, c.parameters());
            // now cached, a fresh resolution knows the size without the network
            assertEquals(1_637_792L, resolver.resolveAll("someone/tiny-model").getFirst().parameters());
        }
    }

    @Test
    void learnSizeFetchesOnlyTheConfig() throws IOException {
        String commit = "2222222222222222222222222222222222222222";
        try (FakeHub hub = new FakeHub()) {
            hub.repo("someone/served", commit).file("config.json", "{\"model_type\":\"gpt2\",\"n_embd\":32,\"n_layer\":2,"
                    + "\"n_head\":2,\"n_positions\":128}").lfsFile("model.safetensors", new byte[100]);
            HubClient client = new HubClient(new HubConfig(hub.endpoint(), tmp.resolve("hub2"), Optional.empty(), false),
                    new JdkHttpTransport(), 2, Duration.ofMillis(1));
            ModelChoice server = resolver.resolveAll("vllm+http://127.0.0.1:1/v1#someone/served").getFirst();
            assertEquals(-1, server.parameters());
            assertEquals(1_637_792L, resolver.learnSize(server, client, Cancellation.NONE).parameters());
            ModelChoice hubModel = resolver.learnSize(resolver.resolveAll("someone/served").getFirst(), client, Cancellation.NONE);
            assertEquals(1_637_792L, hubModel.parameters());
            assertTrue(hub.requests("cdn", "GET").isEmpty(), "no weights were downloaded");
        }
    }
}
