package org.isstudio.remote.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The little HTTP the remote package needs, behind an interface so that the back ends and the Hub client
 * never see {@code java.net.http} (langchain4j's HttpClient shape). Redirects are never followed: the Hub
 * client must see them to keep credentials on the Hub host.
 *
 * <p>Error contract: a connection failure or a timeout is an {@link IOException} ({@code HttpTimeoutException}
 * for timeouts); any status, 4xx and 5xx included, is a normal {@link Response} for the caller to judge.
 */
public interface HttpTransport {

    Response send(Request request) throws IOException;

    /** One request; header names are compared ignoring case by servers, so they are kept as given. */
    record Request(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
        public Request {
            headers = Map.copyOf(headers);
        }

        public static Request get(URI uri, Map<String, String> headers, Duration timeout) {
            return new Request("GET", uri, headers, null, timeout);
        }

        public static Request head(URI uri, Map<String, String> headers, Duration timeout) {
            return new Request("HEAD", uri, headers, null, timeout);
        }

        public static Request postJson(URI uri, Map<String, String> headers, String json, Duration timeout) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put("Content-Type", "application/json");
            return new Request("POST", uri, h, json.getBytes(StandardCharsets.UTF_8), timeout);
        }
    }

    /** A response whose body is streamed; close it to release the connection. */
    interface Response extends AutoCloseable {
        int status();

        /** The first value of a header, name compared ignoring case. */
        Optional<String> header(String name);

        InputStream body();

        default String bodyText() throws IOException {
            try (InputStream in = body()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        default boolean isSuccess() {
            return status() / 100 == 2;
        }

        @Override
        void close();
    }
}
