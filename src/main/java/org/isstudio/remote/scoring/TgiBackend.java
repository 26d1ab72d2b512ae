package org.isstudio.remote.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.engine.ScoreRequest;
import org.isstudio.engine.tokenizer.Tokenizer;
import org.isstudio.eval.ScoringBackend;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Scores on Hugging Face text-generation-inference through {@code POST /generate} with
 * {@code decoder_input_details}, whose {@code details.prefill} lists every prompt token with its log-prob.
 *
 * <p>TGI takes text only and tokenizes it itself, special tokens included. Each request's ids are therefore
 * decoded to text (without a leading BOS, which TGI adds back) and TGI's prefill ids must come back equal to
 * them, else the numbers would belong to other tokens. TGI's own {@code /v1/completions} has neither echo nor
 * log-probs, and since TGI 3.0 the prefill is empty unless the launcher ran with
 * {@code --enable-prefill-logprobs}: both are detected by the connect-time probe.
 */
public final class TgiBackend implements ScoringBackend {

    private final ServerSpec spec;
    private final ServerClient client;
    private final Tokenizer tokenizer;
    private final String modelId;
    private final String identity;
    private final int maxInputTokens;
    private final int concurrency;

    private TgiBackend(ServerSpec spec, ServerClient client, Tokenizer tokenizer, JsonNode info, int concurrency) {
        this.spec = spec;
        this.client = client;
        this.tokenizer = tokenizer;
        this.modelId = info.path("model_id").asText();
        // TGI before 2.0 called it max_input_length
        this.maxInputTokens = info.path("max_input_tokens").asInt(info.path("max_input_length").asInt(Integer.MAX_VALUE));
        this.identity = "tgi:" + spec.baseUrl() + "#" + modelId + "@" + info.path("model_sha").asText("unknown")
                + ";dtype=" + info.path("model_dtype").asText("") + ";bos=" + tokenizer.bosPolicy().bosId();
        this.concurrency = concurrency;
    }

    /** The model a TGI server serves, from {@code GET /info}. */
    public static JsonNode info(ServerClient client) throws IOException {
        JsonNode info = client.getIfPresent("/info").orElseThrow(() ->
                new ServerException(client.root() + "/info does not exist: this is not a text-generation-inference server"));
        if (!info.hasNonNull("model_id")) throw new ServerException(client.root() + "/info names no model_id");
        return info;
    }

    /** Probes the server with a canary prompt and returns a backend, or explains why it cannot be used. */
    public static TgiBackend connect(ServerSpec spec, ServerClient client, Tokenizer tokenizer, int concurrency) throws IOException {
        JsonNode info = info(client);
        String served = info.path("model_id").asText();
        if (spec.model().isPresent() && !spec.model().get().equals(served)) {
            throw new ServerException(client.root() + " serves " + served + ", not " + spec.model().get());
        }
        TgiBackend b = new TgiBackend(spec, client, tokenizer, info, concurrency);
        int[] canary = tokenizer.encode(OpenAiCompletionsBackend.CANARY);
        b.scoreOne(canary, 1);
        return b;
    }

    @Override
    public String displayName() {
        return spec.model().orElse(modelId) + "@" + spec.baseUrl().getRawAuthority();
    }

    @Override
    public String cacheIdentity() {
        return identity;
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** TGI's input limit, less the BOS it adds to a shortened text that lost its own (see {@link #scoreOne}). */
    @Override
    public int maxPositions() {
        return maxInputTokens == Integer.MAX_VALUE || !tokenizer.bosPolicy().addsBos() ? maxInputTokens : maxInputTokens - 1;
    }

    @Override
    public List<float[]> score(List<ScoreRequest> requests, Cancellation cancel, Progress progress) throws IOException {
        // TGI scores one text per request; its router batches concurrent requests itself
        return BatchRunner.run(BatchRunner.batches(requests, 1, Integer.MAX_VALUE), concurrency,
                batch -> List.of(scoreOne(batch.getFirst().tokens(), batch.getFirst().from())), cancel, progress);
    }

    @Override
    public void close() {
        // nothing held
    }

    private float[] scoreOne(int[] tokens, int from) throws IOException {
        Tokenizer.BosPolicy bos = tokenizer.bosPolicy();
        boolean hasBos = bos.addsBos() && tokens.length > 0 && tokens[0] == bos.bosId();
        int[] text = hasBos ? Arrays.copyOfRange(tokens, 1, tokens.length) : tokens;
        int input = bos.addsBos() ? text.length + 1 : text.length;
        if (input > maxInputTokens) {
            throw new ServerException(client.root() + " accepts at most " + maxInputTokens + " input tokens; a request has "
                    + input + " (start TGI with a larger --max-input-tokens)");
        }
        ObjectNode body = ServerClient.JSON.createObjectNode();
        body.put("inputs", tokenizer.decode(text, false));
        body.putObject("parameters").put("max_new_tokens", 1).put("details", true).put("decoder_input_details", true)
                .put("do_sample", false).putNull("top_n_tokens").putNull("truncate");
        JsonNode answer = client.post("/generate", body);
        JsonNode prefill = answer.path("details").path("prefill");
        if (!prefill.isArray()) {
            throw new ServerException(client.root() + "/generate answered without details.prefill: not a TGI /generate reply");
        }
        if (prefill.isEmpty()) {
            throw new ServerException(client.root() + " returns no prompt log-probs (an empty prefill): since TGI 3.0 they are "
                    + "off unless the launcher is started with --enable-prefill-logprobs");
        }
        // TGI adds a BOS to every text, also to one whose start (and BOS) was cut to fit: that extra token is skipped
        int skip = bos.addsBos() && !hasBos && prefill.size() == tokens.length + 1 && prefill.get(0).path("id").asInt() == bos.bosId() ? 1 : 0;
        if (prefill.size() - skip != tokens.length) {
            throw new ServerException(client.root() + " tokenized a prompt into " + prefill.size() + " tokens where the local "
                    + "tokenizer has " + tokens.length + mismatch(prefill, skip, tokens));
        }
        float[] out = new float[tokens.length - from];
        for (int i = 0; i < tokens.length; i++) {
            JsonNode token = prefill.get(i + skip);
            if (token.path("id").asInt() != tokens[i]) {
                throw new ServerException(client.root() + " tokenized a prompt differently from the local tokenizer"
                        + mismatch(prefill, skip, tokens));
            }
            if (i < from) continue;
            JsonNode lp = token.path("logprob");
            if (!lp.isNumber()) {
                throw new ServerException(client.root() + ": prefill token " + i + " has log-prob " + lp + " (only the first may be null)");
            }
            out[i - from] = (float) lp.asDouble();
        }
        return out;
    }

    private String mismatch(JsonNode prefill, int skip, int[] tokens) {
        for (int i = 0; i < Math.min(prefill.size() - skip, tokens.length); i++) {
            int server = prefill.get(i + skip).path("id").asInt();
            if (server != tokens[i]) {
                return " (first difference at token " + i + ": TGI has " + server + " '" + prefill.get(i + skip).path("text").asText()
                        + "', here " + tokens[i] + " '" + tokenizer.decode(new int[]{tokens[i]}, false) + "'); if the whole text "
                        + "differs the local tokenizer is not the served model's, else these ids do not survive a round trip through text";
            }
        }
        return "";
    }
}
