package org.isstudio.remote.hub;

import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.remote.http.HttpTransport;
import org.isstudio.remote.http.JdkHttpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HubClientTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String CONFIG = "{\"model_type\":\"gpt2\",\"n_embd\":8}";
    private static final String TOKENIZER = "{\"version\":\"1.0\",\"model\":{\"type\":\"BPE\"}}";

    @TempDir
    Path cacheDir;
    private FakeHub hub;
    private byte[] weights;

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub();
        weights = new byte[300_000];
        new Random(7).nextBytes(weights);
        hub.repo("org/tiny", COMMIT)
                .file("config.json", CONFIG)
                .file("tokenizer.json", TOKENIZER)
                .file("README.md", "# tiny")
                .lfsFile("model.safetensors", weights)
                .lfsFile("flax_model.msgpack", new byte[5000])
                .lfsFile("onnx/decoder_model.onnx", new byte[7000]);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private HubClient client(Optional<String> token, boolean offline) {
        return new HubClient(new HubConfig(hub.endpoint(), cacheDir, token, offline), new JdkHttpTransport(),
                3, Duration.ofMillis(1));
    }

    private HubClient client() {
        return client(Optional.empty(), false);
    }

    @Test
    void downloadsOnlyWhatScoringNeedsIntoTheHuggingfaceHubLayout() throws IOException {
        List<long[]> progress = new ArrayList<>();
        Path snapshot = client().downloadModel("org/tiny", "main", (d, t) -> progress.add(new long[]{d, t}), Cancellation.NONE);

        Path repoDir = cacheDir.resolve("models--org--tiny");
        assertEquals(repoDir.resolve("snapshots").resolve(COMMIT), snapshot);
        assertEquals(COMMIT, Files.readString(repoDir.resolve("refs/main")));
        try (Stream<Path> s = Files.list(snapshot)) {
            assertEquals(List.of("config.json", "model.safetensors", "tokenizer.json"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        // LFS blobs are named by sha256, git files by their blob id; snapshot entries are relative links
        Path weightsLink = snapshot.resolve("model.safetensors");
        assertTrue(Files.isSymbolicLink(weightsLink));
        assertEquals(Path.of("../../blobs/" + FakeHub.sha256(weights)), Files.readSymbolicLink(weightsLink));
        assertArrayEquals(weights, Files.readAllBytes(weightsLink));
        byte[] config = CONFIG.getBytes(StandardCharsets.UTF_8);
        assertEquals(Path.of("../../blobs/" + FakeHub.gitBlobId(config)), Files.readSymbolicLink(snapshot.resolve("config.json")));
        assertEquals(CONFIG, Files.readString(snapshot.resolve("config.json")));

        long total = weights.length + CONFIG.length() + TOKENIZER.length();
        assertArrayEquals(new long[]{total, total}, progress.getLast());
        // nothing of the other formats was fetched
        assertTrue(hub.requests.stream().noneMatch(r -> r.path().contains("flax") || r.path().contains("onnx")));
    }

    @Test
    void theTokenGoesToTheHubButNotToTheCdn() throws IOException {
        client(Optional.of("hf_secret"), false).downloadModel("org/tiny", "main", Progress.NONE, Cancellation.NONE);
        assertFalse(hub.requests("hub", "HEAD").isEmpty());
        hub.requests.stream().filter(r -> r.server().equals("hub"))
                .forEach(r -> assertEquals("Bearer hf_secret", r.header("Authorization"), r.path()));
        List<FakeHub.Request> cdn = hub.requests("cdn", "GET");
        assertEquals(1, cdn.size());
        assertNull(cdn.getFirst().header("Authorization"));
    }

    @Test
    void aCachedModelIsReusedWithoutDownloadingAgain() throws IOException {
        client().downloadModel("org/tiny", "main", Progress.NONE, Cancellation.NONE);
        hub.requests.clear();
        client().downloadModel("org/tiny", "main", Progress.NONE, Cancellation.NONE);
        // only the listing is asked again, to learn whether main moved
        assertEquals(List.of("/api/models/org/tiny/revision/main"),
                hub.requests.stream().map(FakeHub.Request::path).toList());
    }

    @Test
    void offlineModeAnswersFromTheCacheWithoutTheNetwork() throws IOException {
        Path online = client().downloadModel("org/tiny", "main", Progress.NONE, Cancellation.NONE);
        hub.requests.clear();
        assertEquals(online, client(Optional.empty(), true).downloadModel("org/tiny", "main", Progress.NONE, Cancellation.NONE));
        assertEquals(online.resolve("config.json"),
                client(Optional.empty(), true).download("org/tiny", "main", "config.json", Progress.NONE, Cancellation.NONE));
        assertTrue(hub.requests.isEmpty());
    }

    @Test
    void offlineModeExplainsWhatIsMissing() {
        HubException e = assertThrows(HubException.class, () ->
                client(Optional.empty(), true).downloadModel("org/tiny", "main", Progress.NONE, Cancellation.NONE));
        assertEquals(HubException.Kind.NOT_CACHED, e.kind());
        assertTrue(e.getMessage().contains("HF_HUB_OFFLINE"), e.getMessage());
        assertTrue(e.getMessage().contains("isstudio download org/tiny"), e.getMessage());
        assertTrue(hub.requests.isEmpty());
    }

    @Test
    void anUnreachableHubFallsBackToACompleteCachedSnapshot() throws IOException {
        Path online = client().downloadModel("org/tiny", "main", Progress.NONE, Cancellation.NONE);
        hub.close();
        assertEquals(online, client().downloadModel("org/tiny", "main", Progress.NONE, Cancellation.NONE));
        HubException e = assertThrows(HubException.class,
                () -> client().downloadModel("org/other", "main", Progress.NONE, Cancellation.NONE));
        assertEquals(HubException.Kind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("cannot reach"), e.getMessage());
    }

    @Test
    void aSnapshotWrittenByPythonIsFoundOffline() throws IOException {
        // the layout huggingface_hub writes, built by hand
        Path repo = cacheDir.resolve("models--EleutherAI--pythia-70m");
        String commit = "a39f36b100fe8a5377810d56c3f4789b9c53ac42";
        Files.createDirectories(repo.resolve("blobs"));
        Files.createDirectories(repo.resolve("refs"));
        Files.createDirectories(repo.resolve("snapshots").resolve(commit));
        Files.writeString(repo.resolve("refs/main"), commit);
        for (String f : List.of("config.json", "tokenizer.json", "model.safetensors")) {
            Path blob = repo.resolve("blobs").resolve(Integer.toHexString(f.hashCode()));
            Files.writeString(blob, f);
            Files.createSymbolicLink(repo.resolve("snapshots").resolve(commit).resolve(f), Path.of("../../blobs").resolve(blob.getFileName()));
        }
        Path dir = client(Optional.empty(), true).downloadModel("EleutherAI/pythia-70m", "main", Progress.NONE, Cancellation.NONE);
        assertEquals("model.safetensors", Files.readString(dir.resolve("model.safetensors")));
        assertTrue(client().cachedModel("EleutherAI/pythia-70m", commit).isPresent());
        assertTrue(client().cachedModel("EleutherAI/pythia-70m", "v1").isEmpty());
    }

    @Test
    void aDroppedConnectionIsResumedWithARangeRequest() throws IOException {
        hub.cutHalfway(weights, 1);
        Path file = client().download("org/tiny", "main", "model.safetensors", Progress.NONE, Cancellation.NONE);
        assertArrayEquals(weights, Files.readAllBytes(file));
        List<FakeHub.Request> gets = hub.requests("cdn", "GET");
        assertEquals(2, gets.size());
        assertNull(gets.get(0).header("Range"));
        assertEquals("bytes=" + weights.length / 2 + "-", gets.get(1).header("Range"));
        assertFalse(Files.exists(cacheDir.resolve("models--org--tiny/blobs/" + FakeHub.sha256(weights) + ".incomplete")));
    }

    @Test
    void anInterruptedDownloadIsResumedByTheNextRun() throws IOException {
        hub.cutHalfway(weights, 10);
        HubException e = assertThrows(HubException.class,
                () -> client().download("org/tiny", "main", "model.safetensors", Progress.NONE, Cancellation.NONE));
        assertEquals(HubException.Kind.UNREACHABLE, e.kind());
        Path partial = cacheDir.resolve("models--org--tiny/blobs/" + FakeHub.sha256(weights) + ".incomplete");
        assertTrue(Files.size(partial) > 0, "the partial download is kept");
        long kept = Files.size(partial);

        hub.cutHalfway(weights, 0);
        hub.requests.clear();
        Path file = client().download("org/tiny", "main", "model.safetensors", Progress.NONE, Cancellation.NONE);
        assertArrayEquals(weights, Files.readAllBytes(file));
        assertEquals("bytes=" + kept + "-", hub.requests("cdn", "GET").getFirst().header("Range"));
    }

    @Test
    void corruptBytesAreCaughtAndDiscarded() throws IOException {
        hub.corrupt(weights);
        HubException e = assertThrows(HubException.class,
                () -> client().downloadModel("org/tiny", "main", Progress.NONE, Cancellation.NONE));
        assertEquals(HubException.Kind.CHECKSUM_MISMATCH, e.kind());
        assertTrue(e.getMessage().contains(FakeHub.sha256(weights)), e.getMessage());
        Path blobs = cacheDir.resolve("models--org--tiny/blobs");
        assertFalse(Files.exists(blobs.resolve(FakeHub.sha256(weights))));
        assertFalse(Files.exists(blobs.resolve(FakeHub.sha256(weights) + ".incomplete")));
        assertFalse(Files.exists(cacheDir.resolve("models--org--tiny/snapshots/" + COMMIT + "/model.safetensors")));
    }

    @Test
    void aCorruptFileKeptInGitIsCaughtByItsBlobId() {
        byte[] config = CONFIG.getBytes(StandardCharsets.UTF_8);
        hub.corrupt(config);
        HubException e = assertThrows(HubException.class,
                () -> client().download("org/tiny", "main", "config.json", Progress.NONE, Cancellation.NONE));
        assertEquals(HubException.Kind.CHECKSUM_MISMATCH, e.kind());
        assertTrue(e.getMessage().contains("SHA-1") && e.getMessage().contains(FakeHub.gitBlobId(config)), e.getMessage());
    }

    @Test
    void aListingThatDisagreesWithTheFileIsNotTrusted() {
        FakeHub.Repo stale = hub.repo("org/stale", COMMIT).file("config.json", CONFIG).file("tokenizer.json", TOKENIZER)
                .lfsFile("model.safetensors", weights);
        stale.staleListing.put("model.safetensors", "0".repeat(64));
        HubException e = assertThrows(HubException.class,
                () -> client().downloadModel("org/stale", "main", Progress.NONE, Cancellation.NONE));
        assertEquals(HubException.Kind.SERVER_ERROR, e.kind());
        assertTrue(e.getMessage().contains("listing gives checksum " + "0".repeat(64)), e.getMessage());
        assertTrue(hub.requests("cdn", "GET").isEmpty(), "nothing was downloaded");
    }

    @Test
    void cancellingKeepsThePartialFileForLater() {
        hub.cutHalfway(weights, 0);
        boolean[] cancel = {false};
        assertThrows(CancellationException.class, () -> client().download("org/tiny", "main", "model.safetensors",
                (done, total) -> cancel[0] = done > 100_000, () -> cancel[0]));
        Path partial = cacheDir.resolve("models--org--tiny/blobs/" + FakeHub.sha256(weights) + ".incomplete");
        assertTrue(Files.exists(partial));
    }

    @Test
    void unknownRepositoriesAndRevisionsAreExplained() {
        HubException notFound = assertThrows(HubException.class,
                () -> client().downloadModel("org/nope", "main", Progress.NONE, Cancellation.NONE));
        assertEquals(HubException.Kind.REPO_NOT_FOUND, notFound.kind());
        assertTrue(notFound.getMessage().contains("HF_TOKEN"), notFound.getMessage());

        HubException revision = assertThrows(HubException.class,
                () -> client().downloadModel("org/tiny", "v9", Progress.NONE, Cancellation.NONE));
        assertEquals(HubException.Kind.REVISION_NOT_FOUND, revision.kind());
        assertTrue(revision.getMessage().contains("'v9'"), revision.getMessage());

        HubException entry = assertThrows(HubException.class,
                () -> client().download("org/tiny", "main", "vocab.json", Progress.NONE, Cancellation.NONE));
        assertEquals(HubException.Kind.ENTRY_NOT_FOUND, entry.kind());
        assertTrue(Files.exists(cacheDir.resolve("models--org--tiny/.no_exist/" + COMMIT + "/vocab.json")));
        hub.requests.clear();
        HubException remembered = assertThrows(HubException.class,
                () -> client().download("org/tiny", COMMIT, "vocab.json", Progress.NONE, Cancellation.NONE));
        assertEquals(HubException.Kind.ENTRY_NOT_FOUND, remembered.kind());
        assertTrue(hub.requests.isEmpty(), "a file known to be absent at a commit is not asked for again");
    }

    @Test
    void gatedAndPrivateRepositoriesNeedTheRightToken() throws IOException {
        FakeHub.Repo gated = hub.repo("meta-llama/Llama-3.2-1B", COMMIT).file("config.json", CONFIG)
                .file("tokenizer.json", TOKENIZER).lfsFile("model.safetensors", weights);
        gated.gated = "manual";
        gated.requiredToken = "hf_granted";
        HubException anonymous = assertThrows(HubException.class,
                () -> client().downloadModel(gated.id, "main", Progress.NONE, Cancellation.NONE));
        assertEquals(HubException.Kind.GATED, anonymous.kind());
        assertTrue(anonymous.getMessage().contains("accept its conditions"), anonymous.getMessage());
        assertTrue(anonymous.getMessage().contains("no token is set"), anonymous.getMessage());
        HubException refused = assertThrows(HubException.class, () -> client(Optional.of("hf_other"), false)
                .downloadModel(gated.id, "main", Progress.NONE, Cancellation.NONE));
        assertEquals(HubException.Kind.GATED, refused.kind());
        assertTrue(refused.getMessage().contains("no access yet"), refused.getMessage());
        Path ok = client(Optional.of("hf_granted"), false).downloadModel(gated.id, "main", Progress.NONE, Cancellation.NONE);
        assertArrayEquals(weights, Files.readAllBytes(ok.resolve("model.safetensors")));

        FakeHub.Repo secret = hub.repo("me/private", COMMIT).file("config.json", CONFIG).lfsFile("model.safetensors", weights);
        secret.requiredToken = "hf_mine";
        HubException wrongToken = assertThrows(HubException.class, () -> client(Optional.of("hf_other"), false)
                .downloadModel(secret.id, "main", Progress.NONE, Cancellation.NONE));
        assertEquals(HubException.Kind.REPO_NOT_FOUND, wrongToken.kind());
    }

    @Test
    void renamedRepositoriesAreFollowed() throws IOException {
        hub.repo("openai-community/gpt2", COMMIT).file("config.json", CONFIG).file("vocab.json", "{}")
                .file("merges.txt", "#version: 0.2").lfsFile("model.safetensors", weights);
        hub.rename("gpt2", "openai-community/gpt2");
        Path file = client().download("gpt2", "main", "config.json", Progress.NONE, Cancellation.NONE);
        assertEquals(CONFIG, Files.readString(file));
        Path dir = client().downloadModel("gpt2", "main", Progress.NONE, Cancellation.NONE);
        assertTrue(Files.exists(dir.resolve("merges.txt")));
        assertTrue(dir.startsWith(cacheDir.resolve("models--gpt2")), "cached under the name asked for, as huggingface_hub does");
    }

    @Test
    void shardedWeightsAreFetchedFromTheIndex() throws IOException {
        byte[] a = new byte[1000];
        byte[] b = new byte[2000];
        new Random(1).nextBytes(a);
        new Random(2).nextBytes(b);
        String index = "{\"metadata\":{\"total_size\":3000},\"weight_map\":{\"x.weight\":\"model-00001-of-00002.safetensors\","
                + "\"y.weight\":\"model-00002-of-00002.safetensors\",\"z.weight\":\"model-00001-of-00002.safetensors\"}}";
        hub.repo("org/big", COMMIT).file("config.json", CONFIG).file("tokenizer.json", TOKENIZER)
                .file("model.safetensors.index.json", index)
                .lfsFile("model-00001-of-00002.safetensors", a).lfsFile("model-00002-of-00002.safetensors", b)
                .lfsFile("pytorch_model.bin", new byte[10]);
        Path dir = client().downloadModel("org/big", "main", Progress.NONE, Cancellation.NONE);
        assertArrayEquals(b, Files.readAllBytes(dir.resolve("model-00002-of-00002.safetensors")));
        assertFalse(Files.exists(dir.resolve("pytorch_model.bin")));
        assertTrue(client(Optional.empty(), true).cachedModel("org/big", "main").isPresent());
        Files.delete(dir.resolve("model-00001-of-00002.safetensors"));
        assertTrue(client(Optional.empty(), true).cachedModel("org/big", "main").isEmpty(), "a missing shard makes it incomplete");
    }

    @Test
    void aServedModelNeedsOnlyItsTokenizerFiles() throws IOException {
        Path dir = client().downloadTokenizer("org/tiny", "main", Cancellation.NONE);
        assertEquals(TOKENIZER, Files.readString(dir.resolve("tokenizer.json")));
        assertTrue(Files.exists(dir.resolve("config.json")));
        assertFalse(Files.exists(dir.resolve("model.safetensors")));
        assertTrue(hub.requests("cdn", "GET").isEmpty(), "no weights were fetched");
        assertEquals(dir, client(Optional.empty(), true).downloadTokenizer("org/tiny", "main", Cancellation.NONE));
    }

    @Test
    void twoThreadsAskingForOneFileDownloadItOnce() throws Exception {
        HubClient c = client();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            var a = pool.submit(() -> c.download("org/tiny", "main", "model.safetensors", Progress.NONE, Cancellation.NONE));
            var b = pool.submit(() -> c.download("org/tiny", "main", "model.safetensors", Progress.NONE, Cancellation.NONE));
            assertEquals(a.get(), b.get());
            assertArrayEquals(weights, Files.readAllBytes(a.get()));
        }
        assertEquals(1, hub.requests("cdn", "GET").size());
    }

    @Test
    void repoIdsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> HubClient.validateRepoId("a/b/c"));
        assertThrows(IllegalArgumentException.class, () -> HubClient.validateRepoId("org--x/y"));
        HubClient.validateRepoId("EleutherAI/pythia-1.4b-deduped");
        HubClient.validateRepoId("gpt2");
    }

    @Test
    void waitsUntilTheDateARetryAfterNames() throws IOException {
        // RFC 1123 dates have whole seconds, so two seconds ahead is a wait of more than one
        String inTwoSeconds = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        JdkHttpTransport real = new JdkHttpTransport();
        AtomicInteger calls = new AtomicInteger();
        HttpTransport busyOnce = request -> calls.getAndIncrement() > 0 ? real.send(request) : new HttpTransport.Response() {
            public int status() {
                return 429;
            }

            public Optional<String> header(String name) {
                return name.equalsIgnoreCase("Retry-After") ? Optional.of(inTwoSeconds) : Optional.empty();
            }

            public InputStream body() {
                return InputStream.nullInputStream();
            }

            public void close() {
            }
        };
        HubClient client = new HubClient(new HubConfig(hub.endpoint(), cacheDir, Optional.empty(), false), busyOnce,
                3, Duration.ofMillis(1));
        long start = System.nanoTime();
        assertEquals(COMMIT, client.repoInfo("org/tiny", "main").commit());
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(2, calls.get());
        assertTrue(waitedMillis >= 900, "waited only " + waitedMillis + " ms, not until the date (backoff is 1 ms)");
    }

    @Test
    void findsAModelCachedUnderAnyOfItsIdsInOrder() throws IOException {
        Path snapshot = client().downloadModel("org/tiny", "main", Progress.NONE, Cancellation.NONE);
        HubClient offline = client(Optional.empty(), true);
        assertEquals(Optional.of(snapshot), offline.cachedModel(List.of("org/renamed", "org/tiny"), "main"));
        assertEquals(Optional.empty(), offline.cachedModel(List.of("org/renamed"), "main"));
        assertEquals(Optional.empty(), offline.cachedModel(List.of("org/renamed", "org/tiny"), "v2"), "no such revision cached");
    }
}
