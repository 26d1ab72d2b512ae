package org.isstudio.remote.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.engine.ScoreRequest;
import org.isstudio.engine.tokenizer.Tokenizer;
import org.isstudio.engine.tokenizer.Tokenizers;
import org.isstudio.model.Example;
import org.isstudio.eval.ContestScorer;
import org.isstudio.eval.ScoreFlag;
import org.isstudio.eval.ScoringBackend;
import org.isstudio.eval.ScoringPlan;
import org.isstudio.remote.http.JdkHttpTransport;
import org.isstudio.testing.Golden;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.isstudio.remote.scoring.FakeScoringServer.Kind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class RemoteScoringTest {

    private static final String MODEL = "EleutherAI/pythia-12b";
    private static final ServerClient.Retry FAST = new ServerClient.Retry(3, Duration.ofMillis(1), Duration.ofSeconds(10));
    private static Tokenizer gpt2;
    private static Tokenizer opt;

    @BeforeAll
    static void tokenizers() throws IOException {
        gpt2 = Tokenizers.load(Golden.tokenizerDir("gpt2"));
        opt = Tokenizers.load(Golden.tokenizerDir("opt"));
    }

    private static ScoringBackend open(FakeScoringServer server, String prefix, Tokenizer tokenizer, Optional<String> key,
                                       BatchRunner.Limits limits) throws IOException {
        ServerSpec spec = ServerSpec.parse(prefix + server.root() + "#" + MODEL);
        ServerClient client = new ServerClient(server.root(), new JdkHttpTransport(), key, FAST);
        return RemoteBackends.open(spec, client, id -> {
            assertEquals(MODEL, id);
            return tokenizer;
        }, limits);
    }

    private static ScoringBackend open(FakeScoringServer server, String prefix) throws IOException {
        return open(server, prefix, gpt2, Optional.empty(), OpenAiCompletionsBackend.DEFAULT_LIMITS);
    }

    /** A context and a continuation, tokenized as the evaluation does: whole string, split where the context ends. */
    private static ScoreRequest request(Tokenizer t, String context, String continuation) {
        int[] all = t.encode(context + continuation);
        return new ScoreRequest(all, t.encode(context).length);
    }

    private static float[] expected(ScoreRequest r) {
        float[] e = new float[r.scoredCount()];
        for (int i = r.from(); i < r.tokens().length; i++) e[i - r.from()] = (float) FakeScoringServer.logprob(i, r.tokens()[i]);
        return e;
    }

    private static List<ScoreRequest> requests(Tokenizer t) {
        return List.of(request(t, "Q: Is the sky blue?\nA:", " Yes"), request(t, "Q: Is the sky blue?\nA:", " No"),
                request(t, "All cats are animals. Tom is a cat. So Tom is", " an animal."));
    }

    @Test
    void vllmIsAskedExactlyTheSpecsRequestAndReadByTokenId() throws IOException {
        try (FakeScoringServer server = new FakeScoringServer(Kind.VLLM, gpt2, MODEL);
             ScoringBackend b = open(server, "vllm+", gpt2, Optional.empty(), new BatchRunner.Limits(2, 8192, 1))) {
            List<ScoreRequest> rs = requests(gpt2);
            List<float[]> scores = b.score(rs, Cancellation.NONE, Progress.NONE);
            for (int k = 0; k < rs.size(); k++) assertArrayEquals(expected(rs.get(k)), scores.get(k), 1e-6f);

            List<JsonNode> bodies = server.completionBodies;
            assertEquals(3, bodies.size(), "the canary, then 3 requests in batches of 2");
            JsonNode first = bodies.get(1);
            assertEquals(MODEL, first.path("model").asText());
            assertEquals(2, first.path("prompt").size());
            assertEquals(rs.get(0).tokens().length, first.path("prompt").get(0).size());
            assertTrue(first.path("echo").asBoolean());
            assertEquals(1, first.path("logprobs").asInt());
            assertEquals(1, first.path("max_tokens").asInt());
            assertEquals(0, first.path("temperature").asInt());
            assertEquals(1, first.path("prompt_logprobs").asInt());
            assertTrue(first.path("return_tokens_as_token_ids").asBoolean());
            assertTrue(bodies.getFirst().path("prompt").get(0).isInt(), "a single prompt is a plain list of ids");
            assertInstanceOf(OpenAiCompletionsBackend.class, b);
            assertTrue(b.cacheIdentity().contains("#" + MODEL) && b.cacheIdentity().contains("vllm=0.16.0"), b.cacheIdentity());
            assertEquals(MODEL + "@" + server.root().getRawAuthority(), b.displayName());
        }
    }

    @Test
    void aServerWithoutAPrefixIsRecognisedAsVllmByItsModelList() throws IOException {
        try (FakeScoringServer server = new FakeScoringServer(Kind.VLLM, gpt2, MODEL); ScoringBackend b = open(server, "")) {
            assertTrue(((OpenAiCompletionsBackend) b).usesVllmExtensions());
            assertArrayEquals(expected(requests(gpt2).get(2)), b.score(requests(gpt2).subList(2, 3), Cancellation.NONE, Progress.NONE).getFirst());
        }
    }

    @Test
    void otherOpenAiCompatibleServersAreReadFromTheEchoedLogprobs() throws IOException {
        try (FakeScoringServer server = new FakeScoringServer(Kind.OPENAI_COMPATIBLE, gpt2, MODEL); ScoringBackend b = open(server, "sglang+")) {
            List<ScoreRequest> rs = requests(gpt2);
            List<float[]> scores = b.score(rs, Cancellation.NONE, Progress.NONE);
            for (int k = 0; k < rs.size(); k++) assertArrayEquals(expected(rs.get(k)), scores.get(k), 1e-6f);
            assertFalse(server.completionBodies.getLast().has("prompt_logprobs"), "vLLM-only fields are not sent elsewhere");
        }
    }

    @Test
    void serversThatDropPromptLogprobsAreRefusedAtConnectTime() throws IOException {
        try (FakeScoringServer server = new FakeScoringServer(Kind.LLAMA_SERVER, gpt2, MODEL)) {
            ServerException e = assertThrows(ServerException.class, () -> open(server, "openai+"));
            assertTrue(e.getMessage().contains("drops the prompt's log-probs") && e.getMessage().contains("llama-server"), e.getMessage());
        }
        try (FakeScoringServer server = new FakeScoringServer(Kind.NULL_PROMPT_LOGPROBS, gpt2, MODEL)) {
            ServerException e = assertThrows(ServerException.class, () -> open(server, "openai+"));
            assertTrue(e.getMessage().contains("does not really compute prompt log-probs"), e.getMessage());
        }
        try (FakeScoringServer server = new FakeScoringServer(Kind.MISALIGNED, gpt2, MODEL)) {
            ServerException e = assertThrows(ServerException.class, () -> open(server, "openai+"));
            assertTrue(e.getMessage().contains("misaligned"), e.getMessage());
        }
    }

    @Test
    void aForkThatIgnoresPromptLogprobsFallsBackToTheEchoedOnes() throws IOException {
        try (FakeScoringServer server = new FakeScoringServer(Kind.METAL_FORK, gpt2, MODEL);
             ScoringBackend b = open(server, "vllm+")) {
            assertTrue(((OpenAiCompletionsBackend) b).notes().getFirst().contains("ignored prompt_logprobs"));
            ScoreRequest r = requests(gpt2).getFirst();
            assertArrayEquals(expected(r), b.score(List.of(r), Cancellation.NONE, Progress.NONE).getFirst(), 1e-6f);
        }
    }

    @Test
    void aLocalTokenizerThatIsNotTheServedModelsIsCaught() throws IOException {
        try (FakeScoringServer server = new FakeScoringServer(Kind.WRONG_TOKENS, gpt2, MODEL)) {
            ServerException e = assertThrows(ServerException.class, () -> open(server, "openai+"));
            assertTrue(e.getMessage().contains("is not the served model's"), e.getMessage());
        }
        try (FakeScoringServer server = new FakeScoringServer(Kind.VLLM, gpt2, MODEL)) {
            server.tokenizeOverride = new int[]{1, 2, 3};
            ServerException e = assertThrows(ServerException.class, () -> open(server, "vllm+"));
            assertTrue(e.getMessage().contains("/tokenize splits a test prompt into [1, 2, 3]"), e.getMessage());
        }
        try (FakeScoringServer server = new FakeScoringServer(Kind.VLLM, gpt2, MODEL)) {
            int[] plain = gpt2.encode(OpenAiCompletionsBackend.CANARY, false);
            int[] withBos = new int[plain.length + 1];
            withBos[0] = 50256;
            System.arraycopy(plain, 0, withBos, 1, plain.length);
            server.tokenizeOverride = withBos;
            OpenAiCompletionsBackend b = (OpenAiCompletionsBackend) open(server, "vllm+");
            assertTrue(b.notes().getFirst().contains("server's tokenizer adds a BOS"), b.notes().toString());
        }
    }

    @Test
    void overloadedServersAreRetriedAndBrokenOnesGivenUpOn() throws IOException {
        try (FakeScoringServer server = new FakeScoringServer(Kind.VLLM, gpt2, MODEL); ScoringBackend b = open(server, "vllm+")) {
            ScoreRequest r = requests(gpt2).getFirst();
            server.failNext(2, 429);
            assertArrayEquals(expected(r), b.score(List.of(r), Cancellation.NONE, Progress.NONE).getFirst(), 1e-6f);
            server.failNext(2, 503);
            assertArrayEquals(expected(r), b.score(List.of(r), Cancellation.NONE, Progress.NONE).getFirst(), 1e-6f);
            server.failNext(5, 500);
            ServerException e = assertThrows(ServerException.class, () -> b.score(List.of(r), Cancellation.NONE, Progress.NONE));
            assertTrue(e.getMessage().contains("after 3 attempts") && e.getMessage().contains("overloaded"), e.getMessage());
        }
    }

    @Test
    void theApiKeyGoesWithEveryRequest() throws IOException {
        try (FakeScoringServer server = new FakeScoringServer(Kind.VLLM, gpt2, MODEL);
             ScoringBackend b = open(server, "vllm+", gpt2, Optional.of("sk-local"), OpenAiCompletionsBackend.DEFAULT_LIMITS)) {
            b.score(requests(gpt2), Cancellation.NONE, Progress.NONE);
            assertFalse(server.authorizations.isEmpty());
            server.authorizations.forEach(a -> assertEquals("Bearer sk-local", a));
        }
    }

    @Test
    void batchesRunConcurrentlyUpToTheLimitAndStopWhenCancelled() throws IOException {
        try (FakeScoringServer server = new FakeScoringServer(Kind.VLLM, gpt2, MODEL);
             ScoringBackend b = open(server, "vllm+", gpt2, Optional.empty(), new BatchRunner.Limits(1, 8192, 2))) {
            server.delayMillis = 30;
            List<ScoreRequest> many = new ArrayList<>();
            for (int i = 0; i < 8; i++) many.add(request(gpt2, "Number " + i + " is", " odd"));
            List<long[]> progress = new ArrayList<>();
            List<float[]> scores = b.score(many, Cancellation.NONE, (d, t) -> {
                synchronized (progress) {
                    progress.add(new long[]{d, t});
                }
            });
            for (int k = 0; k < many.size(); k++) assertArrayEquals(expected(many.get(k)), scores.get(k), 1e-6f);
            assertTrue(server.maxInFlight.get() <= 2, "in flight: " + server.maxInFlight.get());
            assertEquals(8, progress.size());
            assertTrue(progress.stream().anyMatch(p -> p[0] == 8 && p[1] == 8));

            int before = server.completionBodies.size();
            AtomicBoolean cancel = new AtomicBoolean();
            assertThrows(CancellationException.class, () -> b.score(many, cancel::get, (d, t) -> cancel.set(true)));
            int sent = server.completionBodies.size() - before;
            assertTrue(sent < 8, "stopped submitting after cancellation, sent " + sent);
        }
    }

    @Test
    void tgiIsSentTextAndItsPrefillIdsAreChecked() throws IOException {
        try (FakeScoringServer server = new FakeScoringServer(Kind.TGI, opt, MODEL); ScoringBackend b = open(server, "", opt,
                Optional.empty(), OpenAiCompletionsBackend.DEFAULT_LIMITS)) {
            assertInstanceOf(TgiBackend.class, b);
            List<ScoreRequest> rs = requests(opt);
            assertEquals(2, rs.getFirst().tokens()[0], "OPT's tokenizer starts with </s>");
            List<float[]> scores = b.score(rs, Cancellation.NONE, Progress.NONE);
            for (int k = 0; k < rs.size(); k++) assertArrayEquals(expected(rs.get(k)), scores.get(k), 1e-6f);
            assertTrue(b.cacheIdentity().startsWith("tgi:") && b.cacheIdentity().contains("@0123abc"), b.cacheIdentity());

            // ids that do not survive a round trip through text are refused, not mis-scored
            int[] odd = opt.encode("Hello world");
            int[] split = new int[odd.length + 1];
            split[0] = odd[0];
            int[] hel = opt.encode("Hel", false);
            int[] lo = opt.encode("lo", false);
            assertEquals(1, hel.length);
            assertEquals(1, lo.length);
            split[1] = hel[0];
            split[2] = lo[0];
            System.arraycopy(odd, 2, split, 3, odd.length - 2);
            ServerException e = assertThrows(ServerException.class,
                    () -> b.score(List.of(new ScoreRequest(split, 1)), Cancellation.NONE, Progress.NONE));
            assertTrue(e.getMessage().contains("round trip through text"), e.getMessage());
        }
    }

    /**
     * A prompt far longer than the servers below accept, scored as the evaluation scores it on their limit.
     *
     * @param shift where the kept tokens sit on the server: 1 when TGI puts a BOS before them
     */
    private static void overLongTextsLoseTheirStartAndAreFlagged(ScoringBackend b, int maxPositions, int shift) throws IOException {
        assertEquals(maxPositions, b.maxPositions());
        Example.Classification example = new Example.Classification("Q: " + "Is the sky blue today, as it was yesterday? ".repeat(8)
                + "\nA:", List.of(" Yes", " No"), 0);
        assertTrue(b.tokenizer().encode(example.prompt()).length > 2 * maxPositions);
        ContestScorer scorer = new ContestScorer(b.tokenizer(), b.maxPositions());
        ScoringPlan plan = scorer.plan(example);
        List<float[]> scores = b.score(plan.requests(), Cancellation.NONE, Progress.NONE);
        for (int k = 0; k < plan.requests().size(); k++) {
            assertEquals(maxPositions, plan.requests().get(k).tokens().length, "the end of the text, as much as fits");
            ScoreRequest r = plan.requests().get(k);
            float[] expected = new float[r.scoredCount()];
            for (int i = r.from(); i < r.tokens().length; i++) expected[i - r.from()] = (float) FakeScoringServer.logprob(i + shift, r.tokens()[i]);
            assertArrayEquals(expected, scores.get(k), 1e-6f);
        }
        assertEquals(List.of(ScoreFlag.Kind.CONTEXT_LIMIT),
                scorer.score(plan, scores).flags().stream().map(ScoreFlag::kind).distinct().toList());
        ScoreRequest whole = request(b.tokenizer(), example.prompt(), " Yes");
        ServerException e = assertThrows(ServerException.class, () -> b.score(List.of(whole), Cancellation.NONE, Progress.NONE));
        assertTrue(e.getMessage().contains("maximum context length is " + (maxPositions + 1))
                || e.getMessage().contains("at most " + (maxPositions + 1) + " input tokens"), e.getMessage());
    }

    @Test
    void vllmsMaxModelLenLimitsRequestsToItLessTheGeneratedToken() throws IOException {
        try (FakeScoringServer server = new FakeScoringServer(Kind.VLLM, gpt2, MODEL)) {
            server.maxModelLen = 40;
            try (ScoringBackend b = open(server, "vllm+")) {
                overLongTextsLoseTheirStartAndAreFlagged(b, 39, 0);
            }
        }
    }

    @Test
    void tgisMaxInputTokensLimitsRequestsLeavingRoomForTheBosItAdds() throws IOException {
        try (FakeScoringServer server = new FakeScoringServer(Kind.TGI, opt, MODEL)) {
            server.maxInputTokens = 40;
            try (ScoringBackend b = open(server, "tgi+", opt, Optional.empty(), OpenAiCompletionsBackend.DEFAULT_LIMITS)) {
                overLongTextsLoseTheirStartAndAreFlagged(b, 39, 1);
            }
        }
        try (FakeScoringServer server = new FakeScoringServer(Kind.TGI, gpt2, MODEL);
             ScoringBackend b = open(server, "tgi+")) {
            assertEquals(4095, b.maxPositions(), "a tokenizer without BOS gets all of TGI's input tokens");
        }
    }

    @Test
    void tgiWithoutPrefillLogprobsIsRefusedWithTheFix() throws IOException {
        try (FakeScoringServer server = new FakeScoringServer(Kind.TGI_NO_PREFILL, gpt2, MODEL)) {
            ServerException e = assertThrows(ServerException.class, () -> open(server, "tgi+"));
            assertTrue(e.getMessage().contains("--enable-prefill-logprobs"), e.getMessage());
        }
        try (FakeScoringServer server = new FakeScoringServer(Kind.TGI, gpt2, "other/model")) {
            ServerException e = assertThrows(ServerException.class, () -> open(server, "tgi+"));
            assertTrue(e.getMessage().contains("serves other/model, not " + MODEL), e.getMessage());
        }
    }

    @Test
    void aServerThatIsDownIsReportedBeforeAnyTokenizerIsFetched() throws IOException {
        FakeScoringServer down = new FakeScoringServer(Kind.VLLM, gpt2, MODEL);
        URI root = down.root();
        down.close();
        ServerClient client = new ServerClient(root, new JdkHttpTransport(), Optional.empty(), FAST);
        ServerException e = assertThrows(ServerException.class, () -> RemoteBackends.open(ServerSpec.parse("vllm+" + root + "#" + MODEL),
                client, id -> fail("the tokenizer is not needed yet"), OpenAiCompletionsBackend.DEFAULT_LIMITS));
        assertTrue(e.getMessage().startsWith("giving up on " + root + "/v1/models after 3 attempts"), e.getMessage());
    }

    @Test
    void aServedNameThatIsNotAHubIdUsesTheModelPathForItsTokenizer() throws IOException {
        try (FakeScoringServer server = new FakeScoringServer(Kind.VLLM, gpt2, "pythia--12b")) {
            server.root = MODEL;
            ServerClient client = new ServerClient(server.root(), new JdkHttpTransport(), Optional.empty(), FAST);
            List<String> asked = new ArrayList<>();
            ScoringBackend b = RemoteBackends.open(ServerSpec.parse("vllm+" + server.root() + "#pythia--12b"), client, id -> {
                asked.add(id);
                return gpt2;
            }, OpenAiCompletionsBackend.DEFAULT_LIMITS);
            assertEquals(List.of(MODEL), asked);
            assertTrue(b.cacheIdentity().contains(";root=" + MODEL), b.cacheIdentity());
        }
    }

    @Test
    void aModelTheServerDoesNotServeIsNamed() throws IOException {
        try (FakeScoringServer server = new FakeScoringServer(Kind.VLLM, gpt2, "facebook/opt-125m")) {
            ServerException e = assertThrows(ServerException.class, () -> open(server, "vllm+"));
            assertTrue(e.getMessage().contains("does not serve '" + MODEL + "'; it serves: facebook/opt-125m"), e.getMessage());
        }
    }
}
