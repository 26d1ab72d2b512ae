package org.isstudio.remote.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.isstudio.engine.tokenizer.Tokenizer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * vLLM, an OpenAI-compatible server without vLLM's extensions (SGLang, llama-cpp-python), llama.cpp's
 * llama-server and TGI on 127.0.0.1, answering with bodies shaped exactly like the spec's recorded examples
 * (../shared/spec/scoring-and-remote.md §2.6, §2.7), including the broken shapes real servers return.
 * Log-probs are a fixed function of position and token id, so tests know what to expect.
 */
final class FakeScoringServer implements AutoCloseable {

    enum Kind {
        VLLM, OPENAI_COMPATIBLE, LLAMA_SERVER, NULL_PROMPT_LOGPROBS, MISALIGNED, METAL_FORK, WRONG_TOKENS, TGI, TGI_NO_PREFILL
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static final int GENERATED = 13;

    final List<JsonNode> completionBodies = Collections.synchronizedList(new ArrayList<>());
    final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    private final Kind kind;
    private final Tokenizer tokenizer;
    private final HttpServer server;
    private final String model;
    /** How many of the next scoring calls fail first, with which status. */
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 503;
    volatile int[] tokenizeOverride;
    /** The model path vLLM reports as {@code root}; the served name unless --served-model-name renamed it. */
    volatile String root;
    volatile long delayMillis;
    /** vLLM's limit on prompt plus generated tokens, listed with the model. */
    volatile int maxModelLen = 2048;
    /** TGI's limit on input tokens, BOS included, from /info. */
    volatile int maxInputTokens = 4095;

    FakeScoringServer(Kind kind, Tokenizer tokenizer, String model) throws IOException {
        this.kind = kind;
        this.tokenizer = tokenizer;
        this.model = model;
        this.root = model;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    URI root() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void failNext(int times, int status) {
        failuresLeft.set(times);
        failureStatus = status;
    }

    /** The log-prob the fake model gives token {@code id} at position {@code pos}. */
    static double logprob(int pos, int id) {
        return -Math.round((0.5 + (id % 97) / 10.0 + pos / 100.0) * 1e4) / 1e4;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            JsonNode body = ex.getRequestMethod().equals("POST") ? JSON.readTree(ex.getRequestBody()) : null;
            boolean tgi = kind == Kind.TGI || kind == Kind.TGI_NO_PREFILL;
            boolean scoring = path.equals("/v1/completions") || path.equals("/generate");
            if (scoring && failuresLeft.getAndDecrement() > 0) {
                ex.getResponseHeaders().add("Retry-After", "0");
                send(ex, failureStatus, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");
                return;
            }
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                if (delayMillis > 0) Thread.sleep(delayMillis);
                switch (path) {
                    case "/v1/models" -> send(ex, tgi ? 404 : 200, tgi ? "{}" : models());
                    case "/version" -> send(ex, kind == Kind.VLLM ? 200 : 404, "{\"version\":\"0.16.0\"}");
                    case "/info" -> send(ex, tgi ? 200 : 404, tgi ? info() : "{\"detail\":\"Not Found\"}");
                    case "/tokenize" -> send(ex, kind == Kind.VLLM ? 200 : 404, kind == Kind.VLLM ? tokenize(body) : "{}");
                    case "/v1/completions" -> {
                        completionBodies.add(body);
                        String tooLong = tooLongForVllm(body);
                        if (tooLong != null) send(ex, 400, tooLong);
                        else send(ex, 200, completions(body));
                    }
                    case "/generate" -> {
                        int n = tokenizer.encode(body.path("inputs").asText(), true).length;
                        if (tgi && n > maxInputTokens) {
                            send(ex, 422, "{\"error\":\"Input validation error: `inputs` must have less than " + maxInputTokens
                                    + " tokens. Given: " + n + "\",\"error_type\":\"validation\"}");
                        } else {
                            send(ex, tgi ? 200 : 404, tgi ? generate(body) : "{}");
                        }
                    }
                    default -> send(ex, 404, "{\"detail\":\"Not Found\"}");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private String models() {
        return "{\"object\":\"list\",\"data\":[{\"id\":\"" + model + "\",\"object\":\"model\",\"created\":1772367069,"
                + "\"owned_by\":\"" + (kind == Kind.VLLM ? "vllm" : "sglang") + "\",\"root\":\"" + root + "\","
                + "\"parent\":null,\"max_model_len\":" + maxModelLen + ",\"permission\":[]}]}";
    }

    private String info() {
        return "{\"model_id\":\"" + model + "\",\"model_sha\":\"0123abc\",\"model_dtype\":\"torch.float16\","
                + "\"model_device_type\":\"cuda\",\"max_input_tokens\":" + maxInputTokens + ",\"max_total_tokens\":" + (maxInputTokens + 1) + ",\"version\":\"3.3.4\"}";
    }

    private String tokenize(JsonNode body) throws IOException {
        int[] ids = tokenizeOverride != null ? tokenizeOverride
                : tokenizer.encode(body.path("prompt").asText(), body.path("add_special_tokens").asBoolean(true));
        ObjectNode o = JSON.createObjectNode();
        ArrayNode t = o.putArray("tokens");
        for (int id : ids) t.add(id);
        o.put("count", ids.length).put("max_model_len", maxModelLen);
        return JSON.writeValueAsString(o);
    }

    /** vLLM's refusal of a prompt that leaves no room for the tokens to generate, or null. */
    private String tooLongForVllm(JsonNode body) {
        JsonNode prompt = body.path("prompt");
        JsonNode prompts = prompt.get(0).isArray() ? prompt : JSON.createArrayNode().add(prompt);
        int maxTokens = body.path("max_tokens").asInt(16);
        for (JsonNode p : prompts) {
            if (p.size() + maxTokens > maxModelLen) {
                return "{\"object\":\"error\",\"message\":\"This model's maximum context length is " + maxModelLen
                        + " tokens. However, you requested " + (p.size() + maxTokens) + " tokens (" + p.size()
                        + " in the messages, " + maxTokens + " in the completion).\",\"type\":\"BadRequestError\",\"code\":400}";
            }
        }
        return null;
    }

    private String completions(JsonNode body) throws IOException {
        JsonNode prompt = body.path("prompt");
        // a single prompt may come as a plain list of ids
        JsonNode prompts = prompt.get(0).isArray() ? prompt : JSON.createArrayNode().add(prompt);
        boolean asIds = body.path("return_tokens_as_token_ids").asBoolean(false);
        ObjectNode r = JSON.createObjectNode();
        r.put("id", "cmpl-fake").put("object", "text_completion").put("created", 1772367069).put("model", model);
        ArrayNode choices = r.putArray("choices");
        int promptTokens = 0;
        List<ObjectNode> built = new ArrayList<>();
        for (int p = 0; p < prompts.size(); p++) {
            int[] ids = new int[prompts.get(p).size()];
            for (int i = 0; i < ids.length; i++) ids[i] = prompts.get(p).get(i).asInt();
            promptTokens += ids.length;
            built.add(choice(p, ids, asIds, body.has("prompt_logprobs")));
        }
        // vLLM does not promise the list order; the index field does
        Collections.reverse(built);
        built.forEach(choices::add);
        r.putObject("usage").put("prompt_tokens", promptTokens).put("total_tokens", promptTokens + prompts.size())
                .put("completion_tokens", prompts.size());
        return JSON.writeValueAsString(r);
    }

    private ObjectNode choice(int index, int[] prompt, boolean asIds, boolean promptLogprobs) {
        ObjectNode c = JSON.createObjectNode();
        c.put("index", index).put("text", tokenizer.decode(prompt, false) + ".");
        ObjectNode lp = c.putObject("logprobs");
        ArrayNode offsets = lp.putArray("text_offset");
        ArrayNode tokenLps = lp.putArray("token_logprobs");
        ArrayNode tokens = lp.putArray("tokens");
        ArrayNode tops = lp.putArray("top_logprobs");
        int[] all = new int[prompt.length + 1];
        System.arraycopy(prompt, 0, all, 0, prompt.length);
        all[prompt.length] = GENERATED;
        int first = kind == Kind.LLAMA_SERVER ? prompt.length : 0;   // llama-server: generated tokens only
        int offset = 0;
        for (int i = first; i < all.length; i++) {
            String text = kind == Kind.WRONG_TOKENS ? "tok" + all[i] : tokenizer.decode(new int[]{all[i]}, false);
            String key = asIds ? "token_id:" + all[i] : text;
            offsets.add(offset);
            offset += text.length();
            tokens.add(key);
            if (i == 0 && kind != Kind.MISALIGNED) {
                tokenLps.addNull();
                tops.addNull();
            } else if (kind == Kind.NULL_PROMPT_LOGPROBS && i < prompt.length) {
                tokenLps.addNull();
                tops.addNull();
            } else {
                double v = logprob(i, all[i]);
                tokenLps.add(v);
                tops.addObject().put(key, v);
            }
        }
        c.put("finish_reason", "length").putNull("stop_reason");
        if (promptLogprobs && kind == Kind.VLLM) {
            ArrayNode pl = c.putArray("prompt_logprobs");
            for (int i = 0; i < prompt.length; i++) {
                if (i == 0) {
                    pl.addNull();
                    continue;
                }
                ObjectNode e = pl.addObject();
                int alt = prompt[i] + 1;
                // the actual token and a better alternative: k+1 entries, to be looked up by id
                e.putObject(String.valueOf(alt)).put("logprob", -0.1).put("rank", 1).put("decoded_token", "x");
                e.putObject(String.valueOf(prompt[i])).put("logprob", logprob(i, prompt[i])).put("rank", 7)
                        .put("decoded_token", tokenizer.decode(new int[]{prompt[i]}, false));
            }
        } else if (promptLogprobs && kind == Kind.METAL_FORK) {
            c.putArray("prompt_logprobs").addNull();
        } else {
            c.putNull("prompt_logprobs");
        }
        c.putNull("prompt_token_ids");
        return c;
    }

    private String generate(JsonNode body) throws IOException {
        int[] ids = tokenizer.encode(body.path("inputs").asText(), true);
        ObjectNode r = JSON.createObjectNode();
        r.put("generated_text", ".");
        ObjectNode d = r.putObject("details");
        d.put("finish_reason", "length").put("generated_tokens", 1).putNull("seed");
        ArrayNode prefill = d.putArray("prefill");
        if (kind == Kind.TGI) {
            for (int i = 0; i < ids.length; i++) {
                ObjectNode t = prefill.addObject().put("id", ids[i]).put("text", tokenizer.decode(new int[]{ids[i]}, false));
                if (i == 0) t.putNull("logprob");
                else t.put("logprob", logprob(i, ids[i]));
            }
        }
        d.putArray("tokens").addObject().put("id", GENERATED).put("text", ".").put("logprob", -0.62).put("special", false);
        d.putNull("top_tokens");
        return JSON.writeValueAsString(r);
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }
}
