package org.isstudio.remote.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's API on 127.0.0.1, replaying recorded bodies (test resources {@code openai/}, written in the API's
 * shape by {@code src/tools/cl100k_base/openai-recordings.mjs}): {@code GET /v1/models/davinci-002} and, for
 * {@code POST /v1/completions}, the scripted answers in order. Requests are kept for the tests to inspect.
 */
final class FakeOpenAiApi implements AutoCloseable {

    /** One scripted answer to a completions request. */
    record Reply(int status, Map<String, String> headers, String body) {
        static Reply ok(String body) {
            return new Reply(200, Map.of(), body);
        }
    }

    /** A request as received. */
    record Received(String method, String path, Map<String, String> headers, JsonNode body, long nanoTime) {
    }

    final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Reply> script = new ArrayDeque<>();
    private final HttpServer server;

    FakeOpenAiApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A recorded body from the test resources. */
    static String recorded(String name) {
        try (InputStream in = FakeOpenAiApi.class.getResourceAsStream("openai/" + name)) {
            if (in == null) throw new IllegalArgumentException("no recording " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    synchronized FakeOpenAiApi then(Reply reply) {
        script.add(reply);
        return this;
    }

    FakeOpenAiApi then(int status, String recording) {
        return then(new Reply(status, Map.of(), recorded(recording)));
    }

    List<Received> completions() {
        synchronized (received) {
            return received.stream().filter(r -> r.path().equals("/v1/completions")).toList();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] in = ex.getRequestBody().readAllBytes();
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.getFirst()));
            String path = ex.getRequestURI().getPath();
            JsonNode body = in.length == 0 ? null : FakeScoringServer.JSON.readTree(in);
            received.add(new Received(ex.getRequestMethod(), path, headers, body, System.nanoTime()));
            Reply reply;
            if (path.equals("/v1/models/davinci-002")) {
                reply = Reply.ok(recorded("model-davinci-002.json"));
            } else if (path.equals("/v1/completions") && ex.getRequestMethod().equals("POST")) {
                synchronized (this) {
                    reply = script.poll();
                }
                if (reply == null) reply = new Reply(500, Map.of(), "{\"error\": {\"message\": \"the test scripted no more answers\"}}");
            } else {
                reply = new Reply(404, Map.of(), FakeOpenAiApi.recorded("model-not-found.json"));
            }
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(reply.status(), out.length);
            ex.getResponseBody().write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
