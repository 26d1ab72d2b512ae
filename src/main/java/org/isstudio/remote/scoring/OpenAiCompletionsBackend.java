package org.isstudio.remote.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.engine.ScoreRequest;
import org.isstudio.engine.tokenizer.Tokenizer;
import org.isstudio.eval.ScoringBackend;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Scores on an OpenAI-compatible {@code /v1/completions} that echoes prompt log-probabilities: vLLM, SGLang,
 * llama-cpp-python. The request is lm-evaluation-harness's {@code local-completions} one, with token ids:
 * <pre>{"model": M, "prompt": [[ids], ...], "echo": true, "logprobs": 1, "max_tokens": 1, "temperature": 0}</pre>
 * {@code max_tokens: 1} rather than 0 because vLLM before about 0.5 refused 0; the generated token's entry is
 * ignored. vLLM also gets {@code "prompt_logprobs": 1, "return_tokens_as_token_ids": true}, so each prompt
 * position's log-prob is looked up by token id and the echoed tokens can be checked against the ids sent.
 *
 * <p>Every answer is validated: one log-prob per prompt token, none null in the scored range, the echoed
 * tokens equal to those sent. {@link #connect} probes the server with a canary prompt first and refuses
 * servers that drop prompt log-probs silently (llama.cpp's llama-server), return nulls, or tokenize
 * differently from the local tokenizer.
 */
public final class OpenAiCompletionsBackend implements RemoteBackend {

    /** Plain ASCII, so that every token decodes to a whole string on any byte-level tokenizer. */
    static final String CANARY = "The quick brown fox jumps over the lazy dog. It was 42 degrees in Paris";

    public static final BatchRunner.Limits DEFAULT_LIMITS = new BatchRunner.Limits(8, 8192, 4);

    private final ServerSpec spec;
    private final ServerClient client;
    private final Tokenizer tokenizer;
    private final boolean vllm;
    private final String identity;
    private final BatchRunner.Limits limits;
    private final List<String> notes;
    private final int maxPositions;

    private OpenAiCompletionsBackend(ServerSpec spec, ServerClient client, Tokenizer tokenizer, boolean vllm,
                                     String identity, BatchRunner.Limits limits, List<String> notes, int maxPositions) {
        this.spec = spec;
        this.client = client;
        this.tokenizer = tokenizer;
        this.vllm = vllm;
        this.identity = identity;
        this.limits = limits;
        this.notes = List.copyOf(notes);
        this.maxPositions = maxPositions;
    }

    /**
     * Probes the server and returns a backend for it, or explains why it cannot be used. The served model's
     * tokenizer is loaded once the server has answered, by the served name or, when that is not a Hub id
     * ({@code --served-model-name}), by the model path vLLM reports as its {@code root}.
     */
    public static OpenAiCompletionsBackend connect(ServerSpec spec, ServerClient client, RemoteBackends.TokenizerSource tokenizers,
                                                   BatchRunner.Limits limits) throws IOException {
        String model = spec.model().orElseThrow(() -> new ServerException(spec + ": name the served model after '#'"));
        String base = spec.baseUrl().getRawPath();
        List<String> notes = new ArrayList<>();
        Optional<JsonNode> served = client.getIfPresent(base + "/models");
        String root = "";
        int maxPositions = Integer.MAX_VALUE;
        boolean vllm = spec.protocol() == ServerSpec.Protocol.VLLM;
        if (served.isPresent() && served.get().path("data").isArray()) {
            List<String> ids = new ArrayList<>();
            for (JsonNode m : served.get().path("data")) {
                ids.add(m.path("id").asText());
                if (m.path("id").asText().equals(model)) {
                    root = m.path("root").asText("");
                    // vLLM's limit covers the prompt and the one generated token every request asks for
                    if (m.path("max_model_len").canConvertToInt() && m.path("max_model_len").asInt() > 2) {
                        maxPositions = m.path("max_model_len").asInt() - 1;
                    }
                    vllm |= m.path("owned_by").asText("").equals("vllm") && spec.protocol() != ServerSpec.Protocol.OPENAI;
                }
            }
            if (!ids.contains(model)) {
                throw new ServerException(client.root() + " does not serve '" + model + "'; it serves: " + String.join(", ", ids));
            }
        }
        String version = vllm ? client.getIfPresent("/version").map(v -> v.path("version").asText("")).orElse("") : "";
        Tokenizer tokenizer = RemoteBackends.tokenizer(tokenizers, model, root);
        OpenAiCompletionsBackend probe = new OpenAiCompletionsBackend(spec, client, tokenizer, vllm, "", limits, notes, maxPositions);
        probe.checkCanary(notes);
        probe.checkServerTokenizer(notes);
        String identity = "openai-completions:" + spec.baseUrl() + "#" + model + (root.isEmpty() ? "" : ";root=" + root)
                + (version.isEmpty() ? "" : ";vllm=" + version) + ";bos=" + tokenizer.bosPolicy().bosId();
        return new OpenAiCompletionsBackend(spec, client, tokenizer, vllm, identity, limits, notes, maxPositions);
    }

    /** What the probe found that the user should know (e.g. a BOS policy differing from the server's). */
    @Override
    public List<String> notes() {
        return notes;
    }

    public boolean usesVllmExtensions() {
        return vllm;
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

    /** The served model's {@code max_model_len} (vLLM lists it with the model) less the generated token. */
    @Override
    public int maxPositions() {
        return maxPositions;
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
        for (int k = 0; k < batch.size(); k++) out.add(logProbs(choices.get(k), batch.get(k).tokens(), batch.get(k).from()));
        return out;
    }

    /** Sends prompts of token ids; returns the choices in prompt order, one per prompt. */
    private List<JsonNode> complete(List<int[]> prompts) throws IOException {
        ObjectNode body = CompletionsApi.echoRequest(spec.model().orElseThrow(), prompts, 1);
        if (vllm) body.put("prompt_logprobs", 1).put("return_tokens_as_token_ids", true);
        return CompletionsApi.choices(client.post(spec.baseUrl().getRawPath() + "/completions", body), prompts.size(), where());
    }

    /** The log-probs of tokens[from..n) from one choice, after checking the choice is complete and about these tokens. */
    private float[] logProbs(JsonNode choice, int[] tokens, int from) throws ServerException {
        int n = tokens.length;
        JsonNode lp = choice.path("logprobs");
        JsonNode tokenLps = lp.path("token_logprobs");
        if (!tokenLps.isArray()) {
            throw new ServerException(where() + " returned no logprobs.token_logprobs: it does not support echo with logprobs");
        }
        if (tokenLps.size() < n) {
            throw new ServerException(where() + " returned " + tokenLps.size() + " token log-probs for a prompt of " + n
                    + " tokens: it drops the prompt's log-probs (llama.cpp's llama-server does this silently). Use vLLM, "
                    + "SGLang, or llama-cpp-python's server started with logits_all=True");
        }
        checkEchoedTokens(lp.path("tokens"), tokens);
        float[] out = new float[n - from];
        JsonNode prompt = choice.path("prompt_logprobs");
        boolean byId = vllm && prompt.isArray() && prompt.size() >= n && prompt.get(n - 1).isObject();
        for (int i = from; i < n; i++) {
            JsonNode v;
            if (byId) {
                JsonNode entry = prompt.get(i).path(String.valueOf(tokens[i]));
                v = entry.path("logprob");
                if (!v.isNumber()) {
                    throw new ServerException(where() + ": prompt_logprobs[" + i + "] has no entry for token " + tokens[i]);
                }
            } else {
                v = tokenLps.get(i);
                if (!v.isNumber()) {
                    throw new ServerException(where() + ": the log-prob of prompt token " + i + " is " + v
                            + " (only the first may be null): the server does not really compute prompt log-probs");
                }
            }
            out[i - from] = (float) v.asDouble();
        }
        return out;
    }

    /** With return_tokens_as_token_ids vLLM echoes "token_id:N": each must be the id sent. */
    private void checkEchoedTokens(JsonNode echoed, int[] tokens) throws ServerException {
        if (!vllm || !echoed.isArray()) return;
        for (int i = 0; i < tokens.length && i < echoed.size(); i++) {
            String t = echoed.get(i).asText();
            if (t.startsWith("token_id:") && !t.equals("token_id:" + tokens[i])) {
                throw new ServerException(where() + ": echoed prompt token " + i + " is " + t + " but " + tokens[i] + " was sent");
            }
        }
    }

    /**
     * The connect-time probe: the canary's log-probs must come back complete (first null, the rest numbers), and
     * the echoed tokens must decode as the local tokenizer decodes them, else the local tokenizer is not the
     * served model's.
     */
    private void checkCanary(List<String> notes) throws IOException {
        int[] ids = tokenizer.encode(CANARY);
        JsonNode choice = complete(List.of(ids)).getFirst();
        logProbs(choice, ids, 1);
        JsonNode lp = choice.path("logprobs");
        if (!lp.path("token_logprobs").get(0).isNull()) {
            throw new ServerException(where() + " gave the first prompt token a log-prob (" + lp.path("token_logprobs").get(0)
                    + "); echo log-probs must start with null, so these are misaligned by a position");
        }
        JsonNode echoed = lp.path("tokens");
        if (vllm && !(choice.path("prompt_logprobs").isArray() && choice.path("prompt_logprobs").size() >= ids.length)) {
            notes.add("the server ignored prompt_logprobs (a vLLM fork?); log-probs are read from the echoed tokens");
        }
        if (!echoed.isArray()) return;
        for (int i = 0; i < ids.length && i < echoed.size(); i++) {
            String server = echoed.get(i).asText();
            if (server.startsWith("token_id:")) continue;
            String local = tokenizer.decode(new int[]{ids[i]}, false);
            if (!server.equals(local)) {
                throw new ServerException(where() + " and the local tokenizer disagree on token " + i + " of a test prompt (id "
                        + ids[i] + " is '" + server + "' on the server, '" + local + "' here): the local tokenizer is not the"
                        + " served model's");
            }
        }
    }

    /** vLLM's /tokenize, when present, tokenizes text the server's way: it must match the local ids. */
    private void checkServerTokenizer(List<String> notes) throws IOException {
        ObjectNode body = ServerClient.JSON.createObjectNode();
        body.put("model", spec.model().orElseThrow()).put("prompt", CANARY).put("add_special_tokens", true);
        Optional<JsonNode> answer = client.postIfSupported("/tokenize", body);
        if (answer.isEmpty() || !answer.get().path("tokens").isArray()) return;
        List<Integer> server = new ArrayList<>();
        answer.get().path("tokens").forEach(t -> server.add(t.asInt()));
        List<Integer> local = ids(tokenizer.encode(CANARY, true));
        if (server.equals(local)) return;
        List<Integer> localPlain = ids(tokenizer.encode(CANARY, false));
        if (server.size() == localPlain.size() + 1 && server.subList(1, server.size()).equals(localPlain)
                || localPlain.equals(server)) {
            // only the BOS differs: requests carry the local policy's ids, so scores follow it
            notes.add("the server's tokenizer " + (server.size() > localPlain.size() ? "adds" : "does not add")
                    + " a BOS token and the local one " + (tokenizer.bosPolicy().addsBos() ? "does" : "does not")
                    + "; requests follow the local tokenizer");
            return;
        }
        throw new ServerException(where() + "/tokenize splits a test prompt into " + server + " but the local tokenizer into "
                + local + ": the local tokenizer is not the served model's");
    }

    private static List<Integer> ids(int[] a) {
        List<Integer> l = new ArrayList<>(a.length);
        for (int x : a) l.add(x);
        return l;
    }

    private String where() {
        return spec.baseUrl() + "/completions";
    }
}
