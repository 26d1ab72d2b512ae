package org.isstudio.remote.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isstudio.remote.http.HttpTransport;
import org.isstudio.remote.http.HttpTransport.Request;
import org.isstudio.remote.http.HttpTransport.Response;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * JSON over HTTP to one scoring server: the API key on every request (and only to this server), retries with
 * exponential backoff on 429, 5xx and dropped connections, honouring {@code Retry-After}, and error messages
 * that carry the server's own explanation but never the key.
 */
public final class ServerClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** How hard to try: attempts per request, the first backoff (doubled each time), the per-request timeout. */
    public record Retry(int attempts, Duration backoff, Duration timeout) {
        public static final Retry DEFAULT = new Retry(4, Duration.ofSeconds(1), Duration.ofSeconds(300));
    }

    private final URI root;
    private final HttpTransport http;
    private final Optional<String> apiKey;
    private final Retry retry;

    /** @param root the server root (scheme and authority, no path): paths are given per call */
    public ServerClient(URI root, HttpTransport http, Optional<String> apiKey, Retry retry) {
        this.root = URI.create(root.getScheme() + "://" + root.getRawAuthority());
        this.http = http;
        this.apiKey = apiKey;
        this.retry = retry;
    }

    public URI root() {
        return root;
    }

    /** POSTs JSON and returns the parsed answer; a non-2xx answer is a {@link ServerException}. */
    public JsonNode post(String path, JsonNode body) throws IOException {
        Response r = send("POST", path, JSON.writeValueAsString(body));
        try (r) {
            String text = r.bodyText();
            if (!r.isSuccess()) throw new ServerException(root + path + " answered HTTP " + r.status() + explain(text));
            return parse(path, text);
        }
    }

    /** GETs JSON; empty when the server does not have the endpoint (404, 405, or not JSON). */
    public Optional<JsonNode> getIfPresent(String path) throws IOException {
        Response r = send("GET", path, null);
        try (r) {
            String text = r.bodyText();
            if (r.status() == 404 || r.status() == 405) return Optional.empty();
            if (!r.isSuccess()) throw new ServerException(root + path + " answered HTTP " + r.status() + explain(text));
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
            if (!r.isSuccess()) throw new ServerException(root + path + " answered HTTP " + r.status() + explain(text));
            return Optional.of(parse(path, text));
        }
    }

    private JsonNode parse(String path, String text) throws ServerException {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new ServerException(root + path + " answered with a body that is not JSON: " + abbreviate(text));
        }
    }

    private Response send(String method, String path, String json) throws IOException {
        URI uri = root.resolve(path);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        apiKey.ifPresent(k -> headers.put("Authorization", "Bearer " + k));
        IOException last = null;
        for (int attempt = 0; attempt < retry.attempts(); attempt++) {
            Duration wait = retry.backoff().multipliedBy(1L << Math.min(attempt, 8));
            try {
                Response r = http.send(json == null
                        ? Request.get(uri, headers, retry.timeout())
                        : Request.postJson(uri, headers, json, retry.timeout()));
                if (r.status() == 401 || r.status() == 403) {
                    r.close();
                    throw new ServerException(uri + " refused the request (HTTP " + r.status() + "): "
                            + (apiKey.isPresent() ? "the API key was not accepted" : "it needs an API key; set ISSTUDIO_API_KEY"));
                }
                if (r.status() != 429 && r.status() / 100 != 5) return r;
                String text = r.bodyText();
                last = new ServerException(uri + " answered HTTP " + r.status() + explain(text));
                Optional<Duration> after = r.header("Retry-After").flatMap(ServerClient::seconds);
                r.close();
                if (after.isPresent()) wait = after.get();
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

    private static Optional<Duration> seconds(String v) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Math.min(Long.parseLong(v.strip()), 300))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
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

    static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
