package org.isstudio.remote.scoring;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A scoring server as users write it: {@code [openai+|vllm+|sglang+|tgi+]http(s)://host[:port][/v1]#MODEL}.
 * Without a prefix the protocol is found by probing the server. {@code MODEL} is the served model's name
 * (vLLM's {@code --served-model-name}, by default its Hub id); TGI serves one model and may omit it.
 * OpenAI's own API is written {@code openai:MODEL} ({@code openai:davinci-002}); its address is
 * {@code https://api.openai.com/v1} unless {@code OPENAI_BASE_URL} says otherwise, as for the openai Python client.
 *
 * @param baseUrl for OpenAI-compatible servers the API root ending in {@code /v1}; for TGI the server root
 */
public record ServerSpec(Protocol protocol, URI baseUrl, Optional<String> model) {

    public enum Protocol {
        /** Not said: probe {@code /info} (TGI) and {@code /v1/models} (OpenAI-compatible). */
        AUTO,
        /** Any OpenAI-compatible {@code /v1/completions} that echoes prompt log-probs (SGLang, llama-cpp-python). */
        OPENAI,
        /** vLLM: OpenAI-compatible plus {@code prompt_logprobs} and {@code return_tokens_as_token_ids}. */
        VLLM,
        SGLANG,
        /** Hugging Face text-generation-inference: {@code /generate} with {@code decoder_input_details}. */
        TGI,
        /** OpenAI's hosted API: the legacy completions of the base models it still serves (davinci-002, babbage-002). */
        OPENAI_API
    }

    /** Where OpenAI's API is when {@code OPENAI_BASE_URL} does not say. */
    public static final URI OPENAI_API_BASE = URI.create("https://api.openai.com/v1");

    private static final String OPENAI_API_PREFIX = "openai:";

    public static boolean looksLikeServer(String text) {
        return text.contains("://") || isOpenAiApi(text);
    }

    private static boolean isOpenAiApi(String text) {
        return text.strip().regionMatches(true, 0, OPENAI_API_PREFIX, 0, OPENAI_API_PREFIX.length()) && !text.contains("://");
    }

    public static ServerSpec parse(String text) {
        return parse(text, System.getenv());
    }

    /** @param env where {@code OPENAI_BASE_URL} is looked up for {@code openai:MODEL} */
    public static ServerSpec parse(String text, Map<String, String> env) {
        if (isOpenAiApi(text)) return openAiApi(text.strip().substring(OPENAI_API_PREFIX.length()).strip(), env);
        String s = text.strip();
        Protocol protocol = Protocol.AUTO;
        int plus = s.indexOf('+');
        int scheme = s.indexOf("://");
        if (plus > 0 && plus < scheme) {
            String p = s.substring(0, plus).toLowerCase(Locale.ROOT);
            protocol = switch (p) {
                case "openai" -> Protocol.OPENAI;
                case "vllm" -> Protocol.VLLM;
                case "sglang" -> Protocol.SGLANG;
                case "tgi" -> Protocol.TGI;
                default -> throw new IllegalArgumentException("'" + text + "': unknown server kind '" + p
                        + "+' (use openai+, vllm+, sglang+ or tgi+)");
            };
            s = s.substring(plus + 1);
        }
        String model = null;
        int hash = s.indexOf('#');
        if (hash >= 0) {
            model = s.substring(hash + 1).strip();
            s = s.substring(0, hash);
            if (model.isEmpty()) model = null;
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a server URL: " + e.getMessage());
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' is not a server URL like vllm+http://host:8000/v1#MODEL");
        }
        if (uri.getQuery() != null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("'" + text + "': a server URL takes no query or user name (API keys come from "
                    + "ISSTUDIO_API_KEY or the settings, never from the URL)");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        // people paste the full endpoint (lm-eval's base_url is .../v1/completions)
        for (String tail : new String[]{"/completions", "/generate"}) {
            if (path.endsWith(tail)) path = path.substring(0, path.length() - tail.length());
        }
        if (protocol != Protocol.TGI && protocol != Protocol.AUTO && !path.endsWith("/v1")) path = path + "/v1";
        URI base = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path);
        if (model == null && protocol != Protocol.TGI && protocol != Protocol.AUTO) {
            throw new IllegalArgumentException("'" + text + "': name the served model after '#', e.g. "
                    + base + "#EleutherAI/pythia-12b");
        }
        return new ServerSpec(protocol, base, Optional.ofNullable(model));
    }

    /** OpenAI's API serving {@code model}, at {@code OPENAI_BASE_URL} if set. */
    public static ServerSpec openAiApi(String model, Map<String, String> env) {
        if (model.isEmpty() || model.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + OPENAI_API_PREFIX + model + "': name an OpenAI model, e.g. openai:davinci-002");
        }
        String override = env.getOrDefault("OPENAI_BASE_URL", "").strip();
        URI base = OPENAI_API_BASE;
        if (!override.isEmpty()) {
            ServerSpec parsed;
            try {
                parsed = parse("openai+" + override + "#" + model, Map.of());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("OPENAI_BASE_URL=" + override + " is not an API address like " + OPENAI_API_BASE);
            }
            base = parsed.baseUrl();
        }
        return new ServerSpec(Protocol.OPENAI_API, base, Optional.of(model));
    }

    /** {@code model@host:port}, for legends and messages; OpenAI's models by their own names. */
    public String displayName() {
        if (protocol == Protocol.OPENAI_API) return model.orElseThrow();
        return model.orElse("model") + "@" + baseUrl.getRawAuthority();
    }

    @Override
    public String toString() {
        if (protocol == Protocol.OPENAI_API) {
            return OPENAI_API_PREFIX + model.orElseThrow() + (baseUrl.equals(OPENAI_API_BASE) ? "" : " at " + baseUrl);
        }
        return (protocol == Protocol.AUTO ? "" : protocol.name().toLowerCase(Locale.ROOT) + "+") + baseUrl
                + model.map(m -> "#" + m).orElse("");
    }
}
