package org.isstudio.remote.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import org.isstudio.engine.Cancellation;
import org.isstudio.engine.tokenizer.Tokenizer;
import org.isstudio.engine.tokenizer.Tokenizers;
import org.isstudio.eval.ScoringBackend;
import org.isstudio.model.AppPaths;
import org.isstudio.remote.http.JdkHttpTransport;
import org.isstudio.remote.hub.HubClient;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/**
 * Opens a {@link ScoringBackend} for a server: finds out what it is when the URL did not say (TGI answers
 * {@code /info}; vLLM lists its models as {@code owned_by: vllm}; OpenAI's own API is known by its host), loads
 * the served model's tokenizer, and lets the backend probe the server before anything is scored.
 */
public final class RemoteBackends {

    /** The tokenizer of a served model, by its Hub id (downloaded or cached: only the tokenizer files). */
    @FunctionalInterface
    public interface TokenizerSource {
        Tokenizer load(String hubModelId) throws IOException;
    }

    private RemoteBackends() {
    }

    /**
     * Connects to a server as an evaluation does: with the user's API key for it, the default retries and batches,
     * and the served model's tokenizer from the Hub; probe included.
     */
    public static ScoringBackend connect(ServerSpec spec, HubClient hub) throws IOException {
        ServerSpec s = openAiApiIfItsHost(spec);
        ServerClient client = new ServerClient(s.baseUrl(), new JdkHttpTransport(),
                ApiKeys.credentials(s, System.getenv(), AppPaths.configDir(), new OsKeyring()), ServerClient.Retry.DEFAULT);
        return open(s, client, fromHub(hub), OpenAiCompletionsBackend.DEFAULT_LIMITS);
    }

    /** {@code openai+https://api.openai.com/v1#M} is OpenAI's own API, whose models are not on the Hub. */
    static ServerSpec openAiApiIfItsHost(ServerSpec spec) {
        boolean openAi = spec.baseUrl().getHost().equalsIgnoreCase(ServerSpec.OPENAI_API_BASE.getHost());
        if (!openAi || spec.protocol() == ServerSpec.Protocol.OPENAI_API || spec.model().isEmpty()) return spec;
        return new ServerSpec(ServerSpec.Protocol.OPENAI_API, spec.baseUrl(), spec.model());
    }

    public static ScoringBackend open(ServerSpec spec, ServerClient client, TokenizerSource tokenizers,
                                      BatchRunner.Limits limits) throws IOException {
        ServerSpec.Protocol protocol = spec.protocol();
        if (protocol == ServerSpec.Protocol.OPENAI_API) {
            return OpenAiApiBackend.connect(spec, client, OpenAiApiBackend.DEFAULT_LIMITS);
        }
        Optional<JsonNode> tgiInfo = Optional.empty();
        if (protocol == ServerSpec.Protocol.AUTO || protocol == ServerSpec.Protocol.TGI) {
            tgiInfo = client.getIfPresent("/info").filter(i -> i.hasNonNull("model_id"));
            if (protocol == ServerSpec.Protocol.TGI && tgiInfo.isEmpty()) TgiBackend.info(client);
        }
        if (tgiInfo.isPresent()) {
            String model = spec.model().orElse(tgiInfo.get().path("model_id").asText());
            ServerSpec tgi = new ServerSpec(ServerSpec.Protocol.TGI, client.root(), Optional.of(model));
            return TgiBackend.connect(tgi, client, tokenizer(tokenizers, model, tgiInfo.get().path("model_id").asText()),
                    limits.concurrency());
        }
        ServerSpec openai = spec;
        if (protocol == ServerSpec.Protocol.AUTO) {
            String path = spec.baseUrl().getRawPath();
            // still AUTO: connect tells vLLM from other OpenAI-compatible servers by their model list
            openai = new ServerSpec(ServerSpec.Protocol.AUTO, URI.create(client.root() + (path.endsWith("/v1") ? path : path + "/v1")),
                    spec.model());
        }
        if (openai.model().isEmpty()) throw new ServerException(spec + " is not a TGI server, so name the served model after '#'");
        return OpenAiCompletionsBackend.connect(openai, client, tokenizers, limits);
    }

    /** A {@link TokenizerSource} that fetches tokenizer files from the Hub into its cache. */
    public static TokenizerSource fromHub(HubClient hub) {
        return id -> Tokenizers.load(hub.downloadTokenizer(id, "main", Cancellation.NONE));
    }

    /** The tokenizer of the first candidate that is a Hub id: the served name, then the model's path or id. */
    static Tokenizer tokenizer(TokenizerSource source, String served, String modelPath) throws IOException {
        for (String candidate : new String[]{served, modelPath}) {
            if (HubClient.isRepoId(candidate)) return source.load(candidate);
        }
        throw new ServerException("the served model '" + served + "' is not a Hub id, so its tokenizer cannot be fetched; "
                + "serve it under its Hub id (vLLM: --served-model-name ORG/NAME)");
    }
}
