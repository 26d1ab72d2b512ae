package org.isstudio.remote.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.isstudio.remote.http.HttpTransport;
import org.isstudio.remote.http.HttpTransport.Request;
import org.isstudio.remote.http.HttpTransport.Response;
import org.isstudio.remote.http.RetryAfter;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * JSON over HTTP to one scoring server: the API key on every request (and only to this server), retries with
 * exponential backoff on 429, 5xx and dropped connections, honouring the server's own wait ({@code Retry-After},
 * OpenAI's {@code retry-after-ms} and {@code x-ratelimit-reset-*}), and error messages that carry the server's
 * own explanation but never the key.
 */
public final class ServerClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** OpenAI's key shapes (sk-..., sk-proj-..., and the masked sk-abc***xyz its 401s quote). */
    private static final Pattern OPENAI_KEY = Pattern.compile("\\bsk-[A-Za-z0-9_*.-]{4,}");

    /** The longest wait a server may ask for between two attempts. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(300);

    /** How hard to try: attempts per request, the first backoff (doubled each time), the per-request timeout. */
    public record Retry(int attempts, Duration backoff, Duration timeout) {
        public static final Retry DEFAULT = new Retry(4, Duration.ofSeconds(1), Duration.ofSeconds(300));
    }

    /**
     * What identifies the user to the server.
     *
     * @param headers other headers sent with every request (OpenAI's organization and project)
     * @param keyHint how to supply a key, for the message when the server asks for one
     */
    public record Credentials(Optional<String> apiKey, Map<String, String> headers, String keyHint) {
        public Credentials {
            headers = Map.copyOf(headers);
        }

        public static Credentials of(Optional<String> apiKey) {
            return new Credentials(apiKey, Map.of(), "set ISSTUDIO_API_KEY");
        }
    }

    private final URI root;
    private final HttpTransport http;
    private final Credentials credentials;
    private final Retry retry;

    /** @param root the server root (scheme and authority, no path): paths are given per call */
    public ServerClient(URI root, HttpTransport http, Credentials credentials, Retry retry) {
        this.root = URI.create(root.getScheme() + "://" + root.getRawAuthority());
        this.http = http;
        this.credentials = credentials;
        this.retry = retry;
    }

    public ServerClient(URI root, HttpTransport http, Optional<String> apiKey, Retry retry) {
        this(root, http, Credentials.of(apiKey), retry);
    }

    public URI root() {
        return root;
    }

    /** POSTs JSON and returns the parsed answer; a non-2xx answer is a {@link ServerException}. */
    public JsonNode post(String path, JsonNode body) throws IOException {
        Response r = send("POST", path, JSON.writeValueAsString(body));
        try (r) {
            String text = r.bodyText();
            if (!r.isSuccess()) throw failure(root + path + " answered HTTP " + r.status(), r.status(), text);
            return parse(path, text);
        }
    }

    /** GETs JSON; empty when the server does not have the endpoint (404, 405, or not JSON). */
    public Optional<JsonNode> getIfPresent(String path) throws IOException {
        Response r = send("GET", path, null);
        try (r) {
            String text = r.bodyText();
            if (r.status() == 404 || r.status() == 405) return Optional.empty();
            if (!r.isSuccess()) throw failure(root + path + " answered HTTP " + r.status(), r.status(), text);
            try {
                return Optional.of(JSON.readTree(text));
            } catch (IOException notJson) {
                return Optional.empty();
            }
        }
    }

    /** POSTs JSON; empty when the endpoint does not exist or refuses the request shape (4xx). */
    public Optional<JsonNode> postIfSupported(String path, JsonNode body) throws IOException {
        Response r = send("POST", path, JSON.writeValueAsString(body));
        try (r) {
            String text = r.bodyText();
            if (r.status() / 100 == 4 && r.status() != 401 && r.status() != 403) return Optional.empty();
            if (!r.isSuccess()) throw failure(root + path + " answered HTTP " + r.status(), r.status(), text);
            return Optional.of(parse(path, text));
        }
    }

    private JsonNode parse(String path, String text) throws ServerException {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            throw new ServerException(root + path + " answered with a body that is not JSON (cut short?): " + abbreviate(redact(text)));
        }
        if (node == null || node.isMissingNode()) throw new ServerException(root + path + " answered with an empty body");
        return node;
    }

    private Response send(String method, String path, String json) throws IOException {
        URI uri = root.resolve(path);
        Map<String, String> headers = new LinkedHashMap<>(credentials.headers());
        headers.put("Accept", "application/json");
        credentials.apiKey().ifPresent(k -> headers.put("Authorization", "Bearer " + k));
        IOException last = null;
        for (int attempt = 0; attempt < retry.attempts(); attempt++) {
            Duration wait = retry.backoff().multipliedBy(1L << Math.min(attempt, 8));
            try {
                Response r = http.send(json == null
                        ? Request.get(uri, headers, retry.timeout())
                        : Request.postJson(uri, headers, json, retry.timeout()));
                if (r.status() == 401 || r.status() == 403) throw refused(uri, r);
                if (r.status() != 429 && r.status() / 100 != 5) return r;
                String text = r.bodyText();
                ServerException failure = failure(uri + " answered HTTP " + r.status(), r.status(), text);
                Optional<Duration> asked = RetryAfter.of(r::header);
                r.close();
                // OpenAI's 429 for an exhausted balance: waiting does not help
                if (failure.error().path("code").asText("").equals("insufficient_quota")) throw failure;
                last = failure;
                if (asked.isPresent()) wait = asked.get().compareTo(MAX_WAIT) > 0 ? MAX_WAIT : asked.get();
            } catch (ServerException e) {
                throw e;
            } catch (InterruptedIOException e) {
                // a timeout is worth another try; an interrupt (cancellation) is not
                if (Thread.currentThread().isInterrupted()) throw e;
                last = e;
            } catch (IOException e) {
                last = e;
            }
            if (attempt + 1 < retry.attempts()) sleep(wait);
        }
        throw new ServerException("giving up on " + uri + " after " + retry.attempts() + " attempts: " + last.getMessage(), last);
    }

    /**
     * 401 and 403 are not retried. A 401's body is left out because OpenAI quotes the rejected key in it (masked,
     * but still a part of it); a 403 says why the key may not do this (a project without the model, a region).
     */
    private ServerException refused(URI uri, Response r) throws IOException {
        try (r) {
            String prefix = uri + " refused the request (HTTP " + r.status() + "): ";
            if (credentials.apiKey().isEmpty()) {
                return new ServerException(prefix + "it needs an API key; " + credentials.keyHint(), r.status(), MissingNode.getInstance());
            }
            if (r.status() == 401) {
                return new ServerException(prefix + "the API key was not accepted (" + credentials.keyHint() + ")", r.status(),
                        MissingNode.getInstance());
            }
            return failure(prefix + "the API key may not do this", r.status(), r.bodyText());
        }
    }

    /** An error answer, its text and its error object with any key blanked out, so that callers may quote them. */
    private ServerException failure(String what, int status, String rawBody) {
        String body = redact(rawBody);
        JsonNode error = MissingNode.getInstance();
        try {
            JsonNode j = JSON.readTree(body);
            if (j != null && j.path("error").isObject()) error = j.path("error");
        } catch (IOException notJson) {
            // explain() quotes the text instead
        }
        return new ServerException(what + explain(body), status, error);
    }

    private static void sleep(Duration d) throws InterruptedIOException {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }

    /** The server's own message: OpenAI-style {"error": {"message"}} or {"message"}, TGI's {"error"}, or the text. */
    private static String explain(String body) {
        try {
            JsonNode j = JSON.readTree(body);
            if (j != null) {
                JsonNode e = j.path("error");
                String m = e.isObject() ? e.path("message").asText("") : e.isTextual() ? e.asText() : j.path("message").asText("");
                if (!m.isBlank()) return ": " + abbreviate(m);
                if (j.hasNonNull("detail")) return ": " + abbreviate(j.get("detail").toString());
            }
        } catch (IOException ignored) {
            // not JSON: fall through to the raw text
        }
        return body.isBlank() ? "" : ": " + abbreviate(body);
    }

    /** A server's text with our key, and anything shaped like an OpenAI key, blanked out before it reaches a message. */
    private String redact(String text) {
        String out = credentials.apiKey().filter(k -> !k.isBlank()).map(k -> text.replace(k, "[key]")).orElse(text);
        return OPENAI_KEY.matcher(out).replaceAll("[key]");
    }

    static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
