package org.isstudio.remote.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Hugging Face Hub on 127.0.0.1 that answers like the real one: the model API with {@code ?blobs=true},
 * {@code resolve} with X-Repo-Commit and ETag headers, LFS files redirected (302, absolute) to a CDN on
 * another port that honours Range requests, X-Error-Code on failures, 401 for unknown repositories, and
 * 307 relative redirects for renamed repositories. Faults are injected per file.
 */
public final class FakeHub implements AutoCloseable {

    public record Request(String server, String method, String path, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    public static final class Repo {
        public final String id;
        public final String commit;
        final Map<String, byte[]> files = new LinkedHashMap<>();
        final Set<String> lfs = ConcurrentHashMap.newKeySet();
        public String gated = null;
        public String requiredToken = null;
        /** A listing that disagrees with the files (a stale mirror): path to the sha256 it claims. */
        public final Map<String, String> staleListing = new ConcurrentHashMap<>();

        Repo(String id, String commit) {
            this.id = id;
            this.commit = commit;
        }

        public Repo file(String path, String content) {
            files.put(path, content.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        public Repo lfsFile(String path, byte[] content) {
            files.put(path, content);
            lfs.add(path);
            return this;
        }
    }

    public final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, String> renamed = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> cutsLeft = new ConcurrentHashMap<>();
    private final Map<String, byte[]> corruptCdn = new ConcurrentHashMap<>();
    private final HttpServer hub;
    private final HttpServer cdn;

    public FakeHub() throws IOException {
        hub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        cdn = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hub.createContext("/", ex -> handle(ex, "hub"));
        cdn.createContext("/", ex -> handle(ex, "cdn"));
        hub.start();
        cdn.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
    }

    public Repo repo(String id, String commit) {
        Repo r = new Repo(id, commit);
        repos.put(id, r);
        return r;
    }

    public void rename(String oldId, String newId) {
        renamed.put(oldId, newId);
    }

    /** The next {@code times} CDN downloads of this content stop after half of the bytes. */
    public void cutHalfway(byte[] content, int times) {
        cutsLeft.put(sha256(content), new AtomicInteger(times));
    }

    /** The CDN (or the Hub, for files kept in git) serves other bytes of the same length for this content. */
    public void corrupt(byte[] content) {
        byte[] bad = content.clone();
        bad[bad.length / 2] ^= 0x5a;
        corruptCdn.put(sha256(content), bad);
    }

    public List<Request> requests(String server, String method) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.server.equals(server) && r.method.equals(method)).toList();
        }
    }

    @Override
    public void close() {
        hub.stop(0);
        cdn.stop(0);
    }

    public static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String gitBlobId(byte[] b) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-1");
            d.update(("blob " + b.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(d.digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ request handling

    private void handle(HttpExchange ex, String server) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.getFirst()));
        String path = ex.getRequestURI().getRawPath();
        requests.add(new Request(server, ex.getRequestMethod(), path, headers));
        try (ex) {
            if (server.equals("cdn")) {
                serveCdn(ex, path.substring("/blobs/".length()), headers.get("range"));
            } else if (path.startsWith("/api/models/")) {
                serveApi(ex, path.substring("/api/models/".length()), headers.get("authorization"));
            } else {
                serveResolve(ex, path.substring(1), headers.get("authorization"));
            }
        }
    }

    private void serveApi(HttpExchange ex, String rest, String auth) throws IOException {
        int at = rest.indexOf("/revision/");
        String id = rest.substring(0, at);
        String revision = decode(rest.substring(at + "/revision/".length()));
        if (renamed.containsKey(id)) {
            redirect(ex, 307, "/api/models/" + renamed.get(id) + "/revision/" + rest.substring(at + "/revision/".length()) + "?blobs=true");
            return;
        }
        Repo repo = accessible(ex, id, auth, revision);
        if (repo == null) return;
        StringBuilder siblings = new StringBuilder();
        for (var f : repo.files.entrySet()) {
            if (!siblings.isEmpty()) siblings.append(',');
            siblings.append("{\"rfilename\":\"").append(f.getKey()).append("\",\"size\":").append(f.getValue().length)
                    .append(",\"blobId\":\"").append(gitBlobId(f.getValue())).append('"');
            if (repo.lfs.contains(f.getKey())) {
                siblings.append(",\"lfs\":{\"sha256\":\"").append(repo.staleListing.getOrDefault(f.getKey(), sha256(f.getValue()))).append("\",\"size\":")
                        .append(f.getValue().length).append(",\"pointerSize\":134}");
            }
            siblings.append('}');
        }
        String json = "{\"_id\":\"x\",\"id\":\"" + repo.id + "\",\"modelId\":\"" + repo.id + "\",\"private\":false,"
                + "\"gated\":" + (repo.gated == null ? "false" : "\"" + repo.gated + "\"") + ",\"sha\":\"" + repo.commit
                + "\",\"siblings\":[" + siblings + "]}";
        send(ex, 200, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    private void serveResolve(HttpExchange ex, String rest, String auth) throws IOException {
        int at = rest.indexOf("/resolve/");
        String id = rest.substring(0, at);
        String[] revAndPath = rest.substring(at + "/resolve/".length()).split("/", 2);
        String revision = decode(revAndPath[0]);
        String file = decode(revAndPath[1]);
        if (renamed.containsKey(id)) {
            redirect(ex, 307, "/" + renamed.get(id) + "/resolve/" + revAndPath[0] + "/" + revAndPath[1]);
            return;
        }
        Repo repo = accessible(ex, id, auth, revision);
        if (repo == null) return;
        byte[] content = repo.files.get(file);
        if (content == null) {
            error(ex, 404, "EntryNotFound", file + " does not exist on \"" + revision + "\"", repo.commit);
            return;
        }
        ex.getResponseHeaders().add("X-Repo-Commit", repo.commit);
        ex.getResponseHeaders().add("ETag", "\"" + gitBlobId(content) + "\"");
        if (repo.lfs.contains(file)) {
            String sha = sha256(content);
            ex.getResponseHeaders().add("X-Linked-Etag", "\"" + sha + "\"");
            ex.getResponseHeaders().add("X-Linked-Size", String.valueOf(content.length));
            redirect(ex, 302, "http://127.0.0.1:" + cdn.getAddress().getPort() + "/blobs/" + sha);
            return;
        }
        ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        send(ex, 200, Map.of(), corruptCdn.getOrDefault(sha256(content), content));
    }

    private void serveCdn(HttpExchange ex, String sha, String range) throws IOException {
        byte[] content = null;
        for (Repo r : repos.values()) {
            for (byte[] b : r.files.values()) if (sha256(b).equals(sha)) content = b;
        }
        if (content == null) {
            send(ex, 404, Map.of(), new byte[0]);
            return;
        }
        content = corruptCdn.getOrDefault(sha, content);
        int from = range == null ? 0 : Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
        int length = content.length - from;
        ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
        if (range != null) ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        AtomicInteger cuts = cutsLeft.get(sha);
        boolean cut = cuts != null && cuts.getAndDecrement() > 0;
        ex.sendResponseHeaders(range == null ? 200 : 206, length);
        OutputStream out = ex.getResponseBody();
        if (cut) {
            out.write(content, from, length / 2);
            out.flush();
            // drop the connection mid-body, as a flaky network does
            throw new IOException("fake hub: connection cut on purpose");
        }
        out.write(content, from, length);
    }

    /** Applies the Hub's access rules; answers the error and returns null when access is refused. */
    private Repo accessible(HttpExchange ex, String id, String auth, String revision) throws IOException {
        Repo repo = repos.get(id);
        String token = auth == null ? null : auth.substring("Bearer ".length());
        if (repo == null || (repo.requiredToken != null && repo.gated == null && !repo.requiredToken.equals(token))) {
            // the Hub does not reveal whether a private repository exists: unauthenticated callers get 401
            error(ex, token == null ? 401 : 404, "RepoNotFound", "Repository not found", null);
            return null;
        }
        if (repo.gated != null && !repo.gated.isEmpty() && (token == null || !token.equals(repo.requiredToken))) {
            error(ex, token == null ? 401 : 403, "GatedRepo", "Access to model " + id + " is restricted.", null);
            return null;
        }
        if (!revision.equals("main") && !revision.equals(repo.commit)) {
            error(ex, 404, "RevisionNotFound", "Invalid rev id: " + revision, null);
            return null;
        }
        return repo;
    }

    private static void error(HttpExchange ex, int status, String code, String message, String commit) throws IOException {
        ex.getResponseHeaders().add("X-Error-Code", code);
        ex.getResponseHeaders().add("X-Error-Message", message);
        if (commit != null) ex.getResponseHeaders().add("X-Repo-Commit", commit);
        send(ex, status, Map.of("Content-Type", "application/json"),
                ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static void redirect(HttpExchange ex, int status, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(status, -1);
    }

    private static void send(HttpExchange ex, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().add("Content-Length", String.valueOf(body.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        ex.getResponseBody().write(body);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
