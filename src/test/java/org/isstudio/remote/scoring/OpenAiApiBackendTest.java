package org.isstudio.remote.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.engine.ScoreRequest;
import org.isstudio.engine.tokenizer.Tokenizer;
import org.isstudio.remote.http.JdkHttpTransport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link OpenAiApiBackend} against recorded answers of OpenAI's legacy completions API, served from 127.0.0.1. */
class OpenAiApiBackendTest {

    private static final ServerClient.Retry FAST = new ServerClient.Retry(3, Duration.ofMillis(1), Duration.ofSeconds(10));
    private static final String KEY = "sk-test-0123456789abcdefghijklmnopqrstuv7890";
    private static final String QUESTION = "Q: Is 7 a prime number?\nA:";
    private static Tokenizer cl100k;

    @BeforeAll
    static void tokenizer() throws IOException {
        cl100k = Cl100kBase.tokenizer();
    }

    private static OpenAiApiBackend connect(FakeOpenAiApi api, String model, Optional<String> key) throws IOException {
        return connect(api, model, key, OpenAiApiBackend.DEFAULT_LIMITS);
    }

    private static OpenAiApiBackend connect(FakeOpenAiApi api, String model, Optional<String> key, BatchRunner.Limits limits)
            throws IOException {
        ServerSpec spec = ServerSpec.parse("openai:" + model, Map.of("OPENAI_BASE_URL", api.base().toString()));
        ServerClient.Credentials credentials = ApiKeys.credentials(spec, Map.of("OPENAI_API_KEY", key.orElse(""),
                "OPENAI_ORG_ID", "org-TestOrg", "OPENAI_PROJECT_ID", "proj_Test"), java.nio.file.Path.of("/nonexistent"),
                server -> Optional.empty());
        return OpenAiApiBackend.connect(spec, new ServerClient(spec.baseUrl(), new JdkHttpTransport(), credentials, FAST), limits);
    }

    private static OpenAiApiBackend connect(FakeOpenAiApi api) throws IOException {
        return connect(api, "davinci-002", Optional.of(KEY));
    }

    /** The answer, as the contest split it: the whole string tokenized, the continuation where the context ends. */
    private static ScoreRequest request(String context, String continuation) {
        return new ScoreRequest(cl100k.encode(context + continuation), cl100k.encode(context).length);
    }

    private static List<Integer> ids(JsonNode list) {
        List<Integer> out = new ArrayList<>();
        list.forEach(x -> out.add(x.asInt()));
        return out;
    }

    private static List<Integer> ids(int[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }

    /** The canary recording, changed by {@code edit}. */
    private static String canaryWith(Consumer<ObjectNode> edit) throws IOException {
        ObjectNode body = (ObjectNode) FakeScoringServer.JSON.readTree(FakeOpenAiApi.recorded("canary.json"));
        edit.accept((ObjectNode) body.path("choices").get(0));
        return body.toString();
    }

    private static ServerException refusedWith(String body) throws IOException {
        try (FakeOpenAiApi api = new FakeOpenAiApi().then(FakeOpenAiApi.Reply.ok(body))) {
            return assertThrows(ServerException.class, () -> connect(api));
        }
    }

    @Test
    void aBatchIsSentAsTheContestAskedForGpt3AndReadInPromptOrder() throws IOException {
        try (FakeOpenAiApi api = new FakeOpenAiApi().then(200, "canary.json").then(200, "batch.json");
             OpenAiApiBackend b = connect(api)) {
            List<ScoreRequest> rs = List.of(request("猫", "が好き"), request(QUESTION, " Yes"), request(QUESTION, " No"));
            List<float[]> scores = b.score(rs, Cancellation.NONE, Progress.NONE);

            assertArrayEquals(new float[]{-2.3104f, -0.0213f, -0.0008f}, scores.get(0), 1e-6f);
            assertArrayEquals(new float[]{-0.4127f}, scores.get(1), 1e-6f, "the ' Yes' of the recording's choice 1");
            assertArrayEquals(new float[]{-1.0906f}, scores.get(2), 1e-6f, "the ' No' of the recording's choice 2");

            List<FakeOpenAiApi.Received> sent = api.completions();
            assertEquals(2, sent.size(), "the canary, then one request for the three prompts");
            JsonNode body = sent.get(1).body();
            assertEquals("davinci-002", body.path("model").asText());
            assertTrue(body.path("echo").asBoolean());
            assertEquals(0, body.path("max_tokens").asInt());
            assertEquals(1, body.path("logprobs").asInt());
            assertEquals(0, body.path("temperature").asInt());
            assertEquals(3, body.path("prompt").size());
            for (int k = 0; k < 3; k++) assertEquals(ids(rs.get(k).tokens()), ids(body.path("prompt").get(k)));
            assertEquals(List.of(163, 234, 104, 29295, 53901, 50834), ids(body.path("prompt").get(0)),
                    "猫 is three one-byte tokens, echoed as bytes:\\xe7 and so on");
            assertEquals(ids(cl100k.encode(OpenAiCompletionsBackend.CANARY)), ids(sent.getFirst().body().path("prompt")));

            for (FakeOpenAiApi.Received r : api.received) {
                assertEquals("Bearer " + KEY, r.headers().get("Authorization"));
                assertEquals("org-TestOrg", r.headers().get("OpenAI-Organization"));
                assertEquals("proj_Test", r.headers().get("OpenAI-Project"));
            }
            assertEquals("openai-api:" + api.base() + "#davinci-002;created=1692634301;tokenizer=cl100k_base", b.cacheIdentity());
            assertEquals("davinci-002", b.displayName());
            assertEquals(16_384, b.maxPositions());
            assertEquals(List.of(), b.notes());
        }
    }

    /** The recorded batch's choices for the prompts {@code k...} of the batch.json request, re-indexed as one answer. */
    private static String batchOf(int... k) throws IOException {
        ObjectNode body = (ObjectNode) FakeScoringServer.JSON.readTree(FakeOpenAiApi.recorded("batch.json"));
        List<JsonNode> byIndex = new ArrayList<>();
        body.path("choices").forEach(byIndex::add);
        byIndex.sort(java.util.Comparator.comparingInt(c -> c.path("index").asInt()));
        ArrayNode choices = body.putArray("choices");
        for (int i = 0; i < k.length; i++) choices.add(((ObjectNode) byIndex.get(k[i]).deepCopy()).put("index", i));
        return body.toString();
    }

    @Test
    void requestsAreSplitIntoBatchesOfTheConfiguredSize() throws IOException {
        try (FakeOpenAiApi api = new FakeOpenAiApi().then(200, "canary.json").then(FakeOpenAiApi.Reply.ok(batchOf(0, 1)))
                .then(FakeOpenAiApi.Reply.ok(batchOf(2)));
             OpenAiApiBackend b = connect(api, "davinci-002", Optional.of(KEY), new BatchRunner.Limits(2, 16_384, 1))) {
            List<ScoreRequest> rs = List.of(request("猫", "が好き"), request(QUESTION, " Yes"), request(QUESTION, " No"));
            List<float[]> scores = b.score(rs, Cancellation.NONE, Progress.NONE);
            assertArrayEquals(new float[]{-0.4127f}, scores.get(1), 1e-6f);
            assertArrayEquals(new float[]{-1.0906f}, scores.get(2), 1e-6f);
            List<FakeOpenAiApi.Received> sent = api.completions();
            assertEquals(3, sent.size(), "the canary, then batches of 2 and 1");
            assertEquals(2, sent.get(1).body().path("prompt").size());
            assertEquals(ids(rs.get(2).tokens()), ids(sent.get(2).body().path("prompt")), "one prompt goes as a plain list of ids");
        }
        assertThrows(IllegalArgumentException.class, () -> new BatchRunner.Limits(2049, 16_384, 1), "the API's limit");
    }

    @Test
    void aModelThatRefusesEchoWithLogprobsIsTurnedAwayAtConnectWithWhatToUseInstead() throws IOException {
        try (FakeOpenAiApi api = new FakeOpenAiApi().then(400, "echo-refused.json")) {
            ServerException e = assertThrows(ServerException.class, () -> connect(api, "gpt-3.5-turbo-instruct", Optional.of(KEY)));
            assertTrue(e.getMessage().startsWith("OpenAI's gpt-3.5-turbo-instruct does not return prompt log-probs (it answers "
                    + "\"Setting 'echo' and 'logprobs' at the same time is not supported for this model.\")"), e.getMessage());
            assertTrue(e.getMessage().contains("davinci-002 and babbage-002"), e.getMessage());
            assertTrue(e.getMessage().contains("vLLM or SGLang (vllm+http://HOST:8000/v1#ORG/MODEL)"), e.getMessage());
            assertEquals(400, e.status());
            assertEquals(1, api.completions().size(), "a refusal is not retried");
        }
    }

    @Test
    void rateLimitsAreWaitedOutAsRetryAfterSays() throws IOException {
        try (FakeOpenAiApi api = new FakeOpenAiApi()
                .then(new FakeOpenAiApi.Reply(429, Map.of("Retry-After", "1"), FakeOpenAiApi.recorded("rate-limited.json")))
                .then(200, "canary.json");
             OpenAiApiBackend b = connect(api)) {
            List<FakeOpenAiApi.Received> sent = api.completions();
            assertEquals(2, sent.size());
            long waitedMillis = (sent.get(1).nanoTime() - sent.get(0).nanoTime()) / 1_000_000;
            assertTrue(waitedMillis >= 950, "Retry-After: 1 was honoured over the 1 ms backoff; waited " + waitedMillis + " ms");
            assertEquals(sent.get(0).body(), sent.get(1).body());
            assertEquals(List.of(), b.notes());
        }
    }

    @Test
    void theRateLimitResetHeaderOfTheExhaustedLimitSetsTheWait() throws IOException {
        try (FakeOpenAiApi api = new FakeOpenAiApi()
                .then(new FakeOpenAiApi.Reply(429, Map.of("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "600ms",
                        "x-ratelimit-remaining-tokens", "9000", "x-ratelimit-reset-tokens", "6m0s"), FakeOpenAiApi.recorded("rate-limited.json")))
                .then(200, "canary.json");
             OpenAiApiBackend ignored = connect(api)) {
            List<FakeOpenAiApi.Received> sent = api.completions();
            long waitedMillis = (sent.get(1).nanoTime() - sent.get(0).nanoTime()) / 1_000_000;
            assertTrue(waitedMillis >= 550 && waitedMillis < 30_000, "waited " + waitedMillis + " ms for the requests limit");
        }
    }

    @Test
    void anExhaustedQuotaIsReportedAtOnceNotRetried() throws IOException {
        try (FakeOpenAiApi api = new FakeOpenAiApi().then(429, "insufficient-quota.json").then(200, "canary.json")) {
            ServerException e = assertThrows(ServerException.class, () -> connect(api));
            assertTrue(e.getMessage().endsWith("answered HTTP 429: You exceeded your current quota, please check your plan and "
                    + "billing details. For more information on this error, read the docs: "
                    + "https://platform.openai.com/docs/guides/error-codes/api-errors."), e.getMessage());
            assertEquals(1, api.completions().size());
        }
    }

    @Test
    void shouldTheApiRefuseMaxTokensZeroOneTokenIsGeneratedAndItsEntryDropped() throws IOException {
        String refusal = "{\"error\": {\"message\": \"max_tokens must be at least 1\", \"type\": \"invalid_request_error\", "
                + "\"param\": \"max_tokens\", \"code\": null}}";
        String withGenerated = canaryWith(c -> {
            JsonNode lp = c.path("logprobs");
            ((ArrayNode) lp.path("tokens")).add(" and");
            ((ArrayNode) lp.path("token_logprobs")).add(-1.25);
            ((ArrayNode) lp.path("top_logprobs")).addObject().put(" and", -1.25);
            ((ArrayNode) lp.path("text_offset")).add(OpenAiCompletionsBackend.CANARY.length());
        });
        try (FakeOpenAiApi api = new FakeOpenAiApi().then(new FakeOpenAiApi.Reply(400, Map.of(), refusal))
                .then(FakeOpenAiApi.Reply.ok(withGenerated));
             OpenAiApiBackend b = connect(api)) {
            List<FakeOpenAiApi.Received> sent = api.completions();
            assertEquals(List.of(0, 1), sent.stream().map(r -> r.body().path("max_tokens").asInt()).toList());
            assertEquals(List.of("the API refused max_tokens 0, so one token is generated per prompt and its log-prob dropped"), b.notes());
            assertEquals(16_383, b.maxPositions(), "the generated token takes a position of the context window");
        }
    }

    @Test
    void aForbiddenRequestSaysWhyWithoutAnyKeyInTheMessage() throws IOException {
        String body = "{\"error\": {\"message\": \"Project proj_Test does not have access to model davinci-002 (key " + KEY
                + ", also sk-proj-abc***xyz)\", \"type\": \"invalid_request_error\", \"param\": null, \"code\": \"model_not_found\"}}";
        try (FakeOpenAiApi api = new FakeOpenAiApi().then(new FakeOpenAiApi.Reply(403, Map.of(), body))) {
            ServerException e = assertThrows(ServerException.class, () -> connect(api));
            assertTrue(e.getMessage().startsWith(api.base() + "/completions does not serve davinci-002 to this API key (\"Project "
                    + "proj_Test does not have access to model davinci-002 (key [key], also [key])\")."), e.getMessage());
            assertEquals(403, e.status());
            assertFalse(e.getMessage().contains("sk-"), e.getMessage());
        }
    }

    @Test
    void aRejectedKeyIsSaidSoWithoutQuotingIt() throws IOException {
        try (FakeOpenAiApi api = new FakeOpenAiApi().then(401, "invalid-key.json")) {
            ServerException e = assertThrows(ServerException.class, () -> connect(api));
            assertEquals(api.base() + "/completions refused the request (HTTP 401): the API key was not accepted (set "
                    + "OPENAI_API_KEY or store it in the OS keyring as server " + api.base().getRawAuthority() + ")", e.getMessage());
            assertFalse(e.getMessage().contains("sk-"), "neither the key nor OpenAI's masked copy of it");
        }
        try (FakeOpenAiApi api = new FakeOpenAiApi().then(401, "invalid-key.json")) {
            ServerException e = assertThrows(ServerException.class, () -> connect(api, "davinci-002", Optional.empty()));
            assertTrue(e.getMessage().endsWith("(HTTP 401): it needs an API key; set OPENAI_API_KEY or store it in the OS keyring"
                    + " as server " + api.base().getRawAuthority()), e.getMessage());
            assertFalse(api.received.getFirst().headers().containsKey("Authorization"));
        }
    }

    @Test
    void aModelTheKeyCannotUseIsNamedWithTheAlternatives() throws IOException {
        try (FakeOpenAiApi api = new FakeOpenAiApi().then(404, "model-not-found.json")) {
            ServerException e = assertThrows(ServerException.class, () -> connect(api, "davinci-003", Optional.of(KEY)));
            assertTrue(e.getMessage().startsWith(api.base() + "/completions does not serve davinci-003 to this API key (\"The model "
                    + "`davinci-003` does not exist or you do not have access to it.\"). Of OpenAI's models only"), e.getMessage());
            assertEquals(404, e.status());
        }
    }

    @Test
    void anEchoOfOtherTokensIsCaught() throws IOException {
        ServerException e = refusedWith(canaryWith(c -> ((ArrayNode) c.path("logprobs").path("tokens")).set(3, " red")));
        assertTrue(e.getMessage().endsWith("prompt 0 of the request: echoed token 3 is \" red\" but id 39935 (\" fox\") was sent: "
                + "the API did not score the tokens sent"), e.getMessage());
    }

    @Test
    void aNullLogprobAfterTheFirstIsCaught() throws IOException {
        ServerException e = refusedWith(canaryWith(c -> ((ArrayNode) c.path("logprobs").path("token_logprobs")).setNull(5)));
        assertTrue(e.getMessage().endsWith("the log-prob of prompt token 5 is null (only the first may be null, and log-probs "
                + "are at most 0)"), e.getMessage());
    }

    @Test
    void aFirstLogprobThatIsNotNullShowsMisalignment() throws IOException {
        ServerException e = refusedWith(canaryWith(c -> ((ArrayNode) c.path("logprobs").path("token_logprobs")).set(0, -3.5)));
        assertTrue(e.getMessage().contains("the first prompt token has log-prob -3.5"), e.getMessage());
    }

    @Test
    void missingLogprobsAreCaught() throws IOException {
        ServerException e = refusedWith(canaryWith(c -> c.putNull("logprobs")));
        assertTrue(e.getMessage().endsWith("prompt 0 of the request: the answer has no logprobs, although the request asked for "
                + "them with echo"), e.getMessage());
        ServerException cut = refusedWith(canaryWith(c -> {
            ArrayNode tokens = (ArrayNode) c.path("logprobs").path("tokens");
            tokens.remove(tokens.size() - 1);
        }));
        assertTrue(cut.getMessage().endsWith(": 16 echoed tokens for a prompt of 17 (the prompt's log-probs are missing or cut short)"),
                cut.getMessage());
    }

    @Test
    void textOffsetsMustFollowTheTokens() throws IOException {
        ServerException e = refusedWith(canaryWith(c -> ((ArrayNode) c.path("logprobs").path("text_offset")).set(4, 21)));
        assertTrue(e.getMessage().endsWith("text_offset[4] is 21 where the tokens before it end at 19 was expected"), e.getMessage());
    }

    @Test
    void aTruncatedBodyIsAnErrorNotAScore() throws IOException {
        String body = FakeOpenAiApi.recorded("canary.json");
        ServerException e = refusedWith(body.substring(0, body.length() / 2));
        assertTrue(e.getMessage().matches("http://127\\.0\\.0\\.1:\\d+/v1/completions answered with a body that is not JSON "
                + "\\(cut short\\?\\): \\{ \"id\": \"cmpl-AaCanary0pEnAi0000000001\", .*"), e.getMessage());
    }

    @Test
    void tokensThatAreNotWholeUtf8AreWrittenAsTheApiWritesThem() throws IOException {
        try (FakeOpenAiApi api = new FakeOpenAiApi().then(200, "canary.json"); OpenAiApiBackend b = connect(api)) {
            assertEquals("bytes:\\xe7", b.apiToken(163));
            assertEquals(" fox", b.apiToken(39935));
            assertEquals("<|endoftext|>", b.apiToken(100257));
        }
        assertEquals("davinci-002", OpenAiApiBackend.baseModel("ft:davinci-002:my-org::abc123"));
        assertEquals("babbage-002", OpenAiApiBackend.baseModel("babbage-002"));
    }
}
