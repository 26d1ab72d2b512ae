package org.isstudio.remote.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.engine.ScoreRequest;
import org.isstudio.engine.tokenizer.HfTokenizer;
import org.isstudio.engine.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Scores on OpenAI's hosted legacy completions API ({@code POST /v1/completions}), as the contest scored GPT-3
 * (its {@code GPT3Model}: {@code echo=True, max_tokens=0, logprobs=1, temperature=0}), for the base models that
 * still return prompt log-probs: davinci-002 and babbage-002, successors of GPT-3's ada, babbage, curie and
 * davinci. Prompts go as token ids in OpenAI's {@code cl100k_base} ({@link Cl100kBase}), up to
 * {@link BatchRunner.Limits#batchSize} of them per request, so token boundaries are exactly those of the local tokenizer
 * rather than found afterwards through {@code text_offset} as the contest did.
 *
 * <p>Every choice is validated: one token, log-prob and text offset per prompt token, the log-prob null for the
 * first token only, the echoed token strings (text, or {@code bytes:\xNN...} for a token that is not whole
 * UTF-8) those of the ids sent, and the offsets advancing by each token's length. {@link #connect} probes the
 * model with a canary prompt, so that a model refusing echo with log-probs (OpenAI's chat-era instruct models
 * answer "Setting 'echo' and 'logprobs' at the same time is not supported for this model") is turned away
 * before any work with a message naming what still works.
 */
public final class OpenAiApiBackend implements RemoteBackend {

    /** OpenAI's models that still return prompt log-probs with echo, and their context windows. */
    static final Map<String, Integer> ECHO_MODELS = Map.of("davinci-002", 16_384, "babbage-002", 16_384);

    /** How the API writes a token that is not whole UTF-8. */
    private static final String BYTES = "bytes:";

    private static final String INSTEAD = "Of OpenAI's models only the base models davinci-002 and babbage-002 (openai:davinci-002, "
            + "openai:babbage-002) and fine-tunes of them still return prompt log-probs. For other models, serve an open "
            + "model yourself with vLLM or SGLang (vllm+http://HOST:8000/v1#ORG/MODEL) or score it locally";

    /**
     * Modest requests: larger ones cost fewer round trips but count in full against the per-minute token limit of
     * the key's usage tier, whose 429s are waited out.
     */
    public static final BatchRunner.Limits DEFAULT_LIMITS = new BatchRunner.Limits(20, 16_384, 4);

    private final ServerSpec spec;
    private final ServerClient client;
    private final HfTokenizer tokenizer;
    private final BatchRunner.Limits limits;
    private final int maxTokens;
    private final String identity;
    private final List<String> notes;

    private OpenAiApiBackend(ServerSpec spec, ServerClient client, HfTokenizer tokenizer, BatchRunner.Limits limits, int maxTokens,
                             String identity, List<String> notes) {
        this.spec = spec;
        this.client = client;
        this.tokenizer = tokenizer;
        this.limits = limits;
        this.maxTokens = maxTokens;
        this.identity = identity;
        this.notes = List.copyOf(notes);
    }

    /**
     * Probes the model with a canary prompt and returns a backend for it, or explains why it cannot be used. The
     * contest's {@code max_tokens: 0} is asked for; should the API ever refuse it, one token is generated and its
     * entry dropped.
     */
    public static OpenAiApiBackend connect(ServerSpec spec, ServerClient client, BatchRunner.Limits limits) throws IOException {
        String model = spec.model().orElseThrow(() -> new ServerException(spec + ": name the model, e.g. openai:davinci-002"));
        // the model's creation time tells a re-released model from the old one in the score cache
        Optional<JsonNode> listed = client.getIfPresent(spec.baseUrl().getRawPath() + "/models/" + model);
        String created = listed.map(m -> m.path("created").asText("")).orElse("");
        String identity = "openai-api:" + spec.baseUrl() + "#" + model + (created.isEmpty() ? "" : ";created=" + created)
                + ";tokenizer=cl100k_base";
        HfTokenizer tokenizer = Cl100kBase.tokenizer();
        List<String> notes = new ArrayList<>();
        OpenAiApiBackend b = new OpenAiApiBackend(spec, client, tokenizer, limits, 0, identity, notes);
        try {
            b.probe();
            return b;
        } catch (ServerException e) {
            if (e.status() != 400 || !e.error().path("param").asText("").equals("max_tokens")) throw e;
        }
        notes.add("the API refused max_tokens 0, so one token is generated per prompt and its log-prob dropped");
        OpenAiApiBackend one = new OpenAiApiBackend(spec, client, tokenizer, limits, 1, identity, notes);
        one.probe();
        return one;
    }

    /** The canary's log-probs must come back complete and about the ids sent (the first token's null included). */
    private void probe() throws IOException {
        int[] ids = tokenizer.encode(OpenAiCompletionsBackend.CANARY);
        logProbs(complete(List.of(ids)).getFirst(), ids, 1, 0);
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    @Override
    public String displayName() {
        return spec.displayName();
    }

    @Override
    public String cacheIdentity() {
        return identity;
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The model's context window (less the generated token, if one must be), when it is one of the known models. */
    @Override
    public int maxPositions() {
        Integer window = ECHO_MODELS.get(baseModel(spec.model().orElseThrow()));
        return window == null ? Integer.MAX_VALUE : window - maxTokens;
    }

    @Override
    public List<float[]> score(List<ScoreRequest> requests, Cancellation cancel, Progress progress) throws IOException {
        return BatchRunner.run(requests, limits, this::scoreBatch, cancel, progress);
    }

    @Override
    public void close() {
        // nothing held: each request opens its own exchange
    }

    private List<float[]> scoreBatch(List<ScoreRequest> batch) throws IOException {
        List<JsonNode> choices = complete(batch.stream().map(ScoreRequest::tokens).toList());
        List<float[]> out = new ArrayList<>(batch.size());
        for (int k = 0; k < batch.size(); k++) out.add(logProbs(choices.get(k), batch.get(k).tokens(), batch.get(k).from(), k));
        return out;
    }

    /** Sends prompts of token ids; returns the choices in prompt order, with OpenAI's refusals explained. */
    private List<JsonNode> complete(List<int[]> prompts) throws IOException {
        String model = spec.model().orElseThrow();
        JsonNode answer;
        try {
            answer = client.post(spec.baseUrl().getRawPath() + "/completions", CompletionsApi.echoRequest(model, prompts, maxTokens));
        } catch (ServerException e) {
            String said = e.error().path("message").asText("");
            String lower = said.toLowerCase(Locale.ROOT);
            if (e.status() == 400 && lower.contains("echo") && lower.contains("logprobs")) {
                throw new ServerException("OpenAI's " + model + " does not return prompt log-probs (it answers \"" + said
                        + "\"), so it cannot score examples. " + INSTEAD + ".", e.status(), e.error());
            }
            if (e.error().path("code").asText("").equals("model_not_found")) {
                throw new ServerException(where() + " does not serve " + model + " to this API key (\"" + said + "\"). " + INSTEAD
                        + ".", e.status(), e.error());
            }
            throw e;
        }
        return CompletionsApi.choices(answer, prompts.size(), where());
    }

    /**
     * The log-probs of {@code ids[from..n)} from the choice of prompt {@code k}, after checking that the choice is
     * complete and about exactly these tokens.
     */
    private float[] logProbs(JsonNode choice, int[] ids, int from, int k) throws ServerException {
        int n = ids.length;
        String at = where() + ", prompt " + k + " of the request";
        JsonNode lp = choice.path("logprobs");
        if (!lp.isObject()) {
            throw new ServerException(at + ": the answer has no logprobs, although the request asked for them with echo");
        }
        JsonNode tokens = array(lp, "tokens", at);
        JsonNode values = array(lp, "token_logprobs", at);
        JsonNode offsets = array(lp, "text_offset", at);
        // with max_tokens 1 a generated token follows, unless the model stopped at once
        int generated = tokens.size() - n;
        if (generated < 0 || generated > maxTokens) {
            throw new ServerException(at + ": " + tokens.size() + " echoed tokens for a prompt of " + n
                    + " (the prompt's log-probs are missing or cut short)");
        }
        if (values.size() != tokens.size() || offsets.size() != tokens.size()) {
            throw new ServerException(at + ": logprobs lists of different lengths (tokens " + tokens.size() + ", token_logprobs "
                    + values.size() + ", text_offset " + offsets.size() + ")");
        }
        if (!values.get(0).isNull()) {
            throw new ServerException(at + ": the first prompt token has log-prob " + values.get(0)
                    + "; echoed log-probs start with null, so these are misaligned by a position");
        }
        float[] out = new float[n - from];
        int nextOffset = 0;
        // a token that is not whole UTF-8 has no length of its own in the text, so after it offsets are only bounded
        boolean exact = true;
        for (int i = 0; i < n; i++) {
            String expected = apiToken(ids[i]);
            if (!tokens.get(i).isTextual() || !tokens.get(i).asText().equals(expected)) {
                throw new ServerException(at + ": echoed token " + i + " is " + tokens.get(i) + " but id " + ids[i] + " ("
                        + ServerClient.JSON.valueToTree(expected) + ") was sent: the API did not score the tokens sent");
            }
            JsonNode offset = offsets.get(i);
            if (!offset.canConvertToInt() || (exact ? offset.asInt() != nextOffset : offset.asInt() < nextOffset)) {
                throw new ServerException(at + ": text_offset[" + i + "] is " + offset + " where "
                        + (exact ? "the tokens before it end at " : "at least ") + nextOffset + " was expected");
            }
            exact = !expected.startsWith(BYTES);
            nextOffset = offset.asInt() + (exact ? expected.codePointCount(0, expected.length()) : 0);
            if (i == 0) continue;
            JsonNode v = values.get(i);
            if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() > 1e-6) {
                throw new ServerException(at + ": the log-prob of prompt token " + i + " is " + v
                        + " (only the first may be null, and log-probs are at most 0)");
            }
            if (i >= from) out[i - from] = (float) v.asDouble();
        }
        return out;
    }

    /**
     * A token as the API writes it: its text when its bytes are whole UTF-8, else {@code bytes:} and each byte as
     * {@code \xNN} (a token holding part of a character, such as the first two bytes of an emoji).
     */
    String apiToken(int id) {
        byte[] bytes = tokenizer.tokenBytes(id).orElseThrow(() -> new IllegalStateException("cl100k_base is byte-level"));
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException partial) {
            StringBuilder s = new StringBuilder(BYTES);
            for (byte b : bytes) s.append(String.format(Locale.ROOT, "\\x%02x", b & 0xFF));
            return s.toString();
        }
    }

    private static JsonNode array(JsonNode logprobs, String field, String at) throws ServerException {
        JsonNode a = logprobs.path(field);
        if (!a.isArray() || a.isEmpty()) throw new ServerException(at + ": logprobs." + field + " is missing or empty");
        return a;
    }

    /** A fine-tune's base model ({@code ft:davinci-002:org::id} is a davinci-002). */
    public static String baseModel(String model) {
        if (!model.startsWith("ft:")) return model;
        int colon = model.indexOf(':', 3);
        return colon < 0 ? model.substring(3) : model.substring(3, colon);
    }

    private String where() {
        return spec.baseUrl() + "/completions";
    }
}
