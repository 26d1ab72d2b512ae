package org.isstudio.eval;

import org.isstudio.engine.Cancellation;
import org.isstudio.model.Example;
import org.isstudio.remote.catalog.Catalog;
import org.isstudio.remote.catalog.Footprints;
import org.isstudio.remote.catalog.ModelResolver;
import org.isstudio.remote.http.JdkHttpTransport;
import org.isstudio.remote.hub.FakeHub;
import org.isstudio.remote.hub.HubClient;
import org.isstudio.remote.hub.HubConfig;
import org.isstudio.remote.sizing.Machine;
import org.isstudio.remote.sizing.ModelSizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalModelsTest {

    private static final long GB = 1L << 30;
    private static final String CONFIG = "{\"model_type\":\"gpt2\",\"n_embd\":32,\"n_layer\":2,\"n_head\":2,\"n_positions\":128}";

    @TempDir
    Path tmp;

    private EvalModels models(HubClient hub, Machine machine) throws IOException {
        Catalog catalog = Catalog.standard();
        return new EvalModels(new ModelResolver(catalog, tmp.resolve("demo"), hub.cache()), hub,
                new Footprints(catalog, hub, new ModelSizer(machine, 500 * GB)));
    }

    private static HubClient hub(URI endpoint, Path cache) {
        return new HubClient(new HubConfig(endpoint, cache, Optional.empty(), false), new JdkHttpTransport(), 2, Duration.ofMillis(1));
    }

    @Test
    void modelsOutsideTheCatalogAreSizedFromTheirConfigWithoutDownloadingWeights() throws IOException {
        try (FakeHub fake = new FakeHub()) {
            fake.repo("someone/served", "2222222222222222222222222222222222222222").file("config.json", CONFIG)
                    .lfsFile("model.safetensors", new byte[100]);
            HubClient hub = hub(fake.endpoint(), tmp.resolve("hub"));
            EvalModels models = models(hub, new Machine(16 * GB, 8 * GB, 4, 10));
            ModelResolver resolver = new ModelResolver(Catalog.standard(), tmp.resolve("demo"), hub.cache());

            EvalModel onHub = models.model(resolver.resolve("someone/served").getFirst(), Cancellation.NONE);
            EvalModel served = models.model(resolver.resolve("vllm+http://127.0.0.1:1/v1#someone/served").getFirst(), Cancellation.NONE);
            assertEquals(1_637_792L, onHub.parameters());
            assertEquals(1_637_792L, served.parameters());
            assertEquals(EvalModels.OWN_SERIES, served.family());
            assertTrue(fake.requests("cdn", "GET").isEmpty(), "no weights were downloaded");

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> models.model(
                    resolver.resolve("vllm+http://127.0.0.1:1/v1#my-finetune").getFirst(), Cancellation.NONE));
            assertTrue(e.getMessage().startsWith("my-finetune@127.0.0.1:1: its parameter count (the plot's x) is unknown; "
                    + "name the served model by its Hub id (my-finetune was not found"), e.getMessage());
        }
    }

    @Test
    void aModelTooLargeForThisMachineIsAnnouncedBeforeItIsLoaded() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("my-model"));
        Files.writeString(dir.resolve("config.json"), CONFIG);
        Files.write(dir.resolve("model.safetensors"), new byte[64]); // not a checkpoint: loading fails after the warning
        HubClient hub = hub(URI.create("http://127.0.0.1:9"), tmp.resolve("hub"));
        EvalModels models = models(hub, new Machine(256L << 20, 128L << 20, 2, 10));
        EvalModel model = models.model(new ModelResolver(Catalog.standard(), tmp.resolve("demo"), hub.cache())
                .resolve(dir.toString()).getFirst(), Cancellation.NONE);

        List<String> events = new CopyOnWriteArrayList<>();
        EvaluationListener listener = new EvaluationListener() {
            @Override
            public void modelWarning(EvalModel m, String warning) {
                events.add("warning: " + warning);
            }

            @Override
            public void modelFailed(EvalModel m, Exception error) {
                events.add("failed");
            }

            @Override
            public void scored(EvalModel m, List<ItemResult> results) {
            }
        };
        try (EvaluationScheduler scheduler = new EvaluationScheduler(null, listener)) {
            scheduler.submit(List.of(model), List.of(new EvalItem(new EvalItem.Key("s", "r1"),
                    new Example.Classification("Q:", List.of(" a", " b"), 0))));
            assertTrue(scheduler.awaitIdle(30_000));
        }
        assertEquals(2, events.size(), events.toString());
        assertEquals("warning: my-model needs about 502 MB of memory, this machine has 256 MB; score it on a server instead, "
                + "e.g. vllm+http://HOST:8000/v1#my-model", events.getFirst());
        assertEquals("failed", events.get(1));
    }
}
