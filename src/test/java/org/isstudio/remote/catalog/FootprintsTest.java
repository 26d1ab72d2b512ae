package org.isstudio.remote.catalog;

import org.isstudio.remote.http.JdkHttpTransport;
import org.isstudio.remote.hub.HubCache;
import org.isstudio.remote.hub.HubClient;
import org.isstudio.remote.hub.HubConfig;
import org.isstudio.remote.sizing.Machine;
import org.isstudio.remote.sizing.ModelSizer;
import org.isstudio.remote.sizing.SizeEstimate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FootprintsTest {

    private static final long GB = 1L << 30;

    @TempDir
    Path tmp;
    private ModelResolver resolver;
    private Footprints footprints;

    @BeforeEach
    void setUp() throws IOException {
        Catalog catalog = CatalogTest.shipped();
        HubClient hub = new HubClient(new HubConfig(URI.create("http://127.0.0.1:9"), tmp.resolve("hub"), Optional.empty(), true),
                new JdkHttpTransport());
        resolver = new ModelResolver(catalog, tmp.resolve("demo"), new HubCache(tmp.resolve("hub")));
        footprints = new Footprints(catalog, hub, new ModelSizer(new Machine(16 * GB, 12 * GB, 4, 10), 500 * GB));
    }

    @Test
    void catalogModelsAreSizedBeforeDownloading() throws IOException {
        SizeEstimate e = footprints.estimate(resolver.resolve("opt-1.3b").getFirst()).orElseThrow();
        assertEquals(1_315_758_080L * 2, e.weightBytes(), "OPT is stored in float16");
        assertEquals(e.weightBytes(), e.downloadBytes());
        assertEquals(SizeEstimate.Fit.LOCAL, e.fit());
        assertEquals(Optional.empty(), footprints.warning(resolver.resolve("opt-1.3b").getFirst()));
    }

    @Test
    void modelsTooBigForThisMachineAreSentToAServer() throws IOException {
        String w = footprints.warning(resolver.resolve("pythia-12b").getFirst()).orElseThrow();
        assertTrue(w.startsWith("pythia-12b needs about 25.8 GB of memory, this machine has 16.0 GB; score it on a server"), w);
        assertTrue(w.endsWith("vllm+http://HOST:8000/v1#EleutherAI/pythia-12b"), w);
    }

    @Test
    void foldersAreSizedFromTheirFiles() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("my-model"));
        Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"gpt2\",\"n_embd\":32,\"n_layer\":2,\"n_head\":2}");
        Files.write(dir.resolve("model.safetensors"), new byte[12345]);
        Files.write(dir.resolve("pytorch_model.bin"), new byte[99999]);
        SizeEstimate e = footprints.estimate(resolver.resolve(dir.toString()).getFirst()).orElseThrow();
        assertEquals(12345, e.weightBytes(), "only the format the engine loads counts");
        assertEquals(0, e.downloadBytes());
        assertEquals(Optional.empty(), footprints.estimate(resolver.resolve("vllm+http://h:1/v1#x/y").getFirst()));
    }
}
