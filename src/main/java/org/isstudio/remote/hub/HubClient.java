package org.isstudio.remote.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.remote.http.HttpTransport;
import org.isstudio.remote.http.HttpTransport.Request;
import org.isstudio.remote.http.HttpTransport.Response;
import org.isstudio.remote.http.RetryAfter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.isstudio.remote.hub.HubException.Kind;

/**
 * Downloads model repositories from the Hugging Face Hub into the huggingface_hub cache, the way
 * {@code hf_hub_download} and {@code snapshot_download} do, so that Python and this application share
 * downloads.
 *
 * <p>Per file: a {@code HEAD} on {@code {endpoint}/{repo}/resolve/{revision}/{path}} (following only relative
 * redirects, as a renamed repository answers) gives the commit ({@code X-Repo-Commit}), the ETag
 * ({@code X-Linked-Etag} for LFS files, which is their sha256, else {@code ETag}, the git blob id), the size
 * and, for LFS files, the CDN location. The bytes go to {@code blobs/{etag}.incomplete}, resumed with a
 * {@code Range} request after a dropped connection, are checked against the ETag (sha256, or the git blob
 * sha1), and are moved into place. The token goes only to the Hub host, never to the CDN it redirects to.
 */
public final class HubClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    // huggingface_hub's validate_repo_id
    private static final Pattern REPO_ID = Pattern.compile("^(\\b[\\w\\-.]+\\b/)?\\b[\\w\\-.]{1,96}\\b$");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");
    private static final int MAX_REDIRECTS = 10;
    private static final Duration API_TIMEOUT = Duration.ofSeconds(30);
    /** The longest wait a Retry-After may ask for before the next attempt. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(120);
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(2);
    private static final String USER_AGENT = "isstudio/"
            + Optional.ofNullable(HubClient.class.getPackage().getImplementationVersion()).orElse("dev")
            + "; java/" + Runtime.version().feature();

    private final HubConfig config;
    private final HubCache cache;
    private final HttpTransport http;
    private final int attempts;
    private final Duration backoff;

    public HubClient(HubConfig config, HttpTransport http) {
        this(config, http, 5, Duration.ofSeconds(1));
    }

    /**
     * @param attempts how often a download is tried before giving up (each retry resumes where the last stopped)
     * @param backoff  the first wait between attempts, doubled each time
     */
    public HubClient(HubConfig config, HttpTransport http, int attempts, Duration backoff) {
        this.config = config;
        this.cache = new HubCache(config.cacheDir());
        this.http = http;
        this.attempts = attempts;
        this.backoff = backoff;
    }

    public HubConfig config() {
        return config;
    }

    public HubCache cache() {
        return cache;
    }

    public static void validateRepoId(String repoId) {
        if (!isRepoId(repoId)) {
            throw new IllegalArgumentException("'" + repoId + "' is not a Hub repository id (like EleutherAI/pythia-70m: "
                    + "letters, digits, '-', '_' and '.', at most one '/', no '--' or '..')");
        }
    }

    /** Whether a name can be a Hub repository id; a server's served name may be one or not. */
    public static boolean isRepoId(String name) {
        return REPO_ID.matcher(name).matches() && !name.contains("--") && !name.contains("..");
    }

    // ------------------------------------------------------------------ repository listing

    /** {@code GET /api/models/{repo}/revision/{revision}?blobs=true}: the commit and every file with its hashes. */
    public RepoInfo repoInfo(String repoId, String revision) throws IOException {
        validateRepoId(repoId);
        requireOnline(repoId, revision, "list its files");
        URI uri = URI.create(config.endpoint() + "/api/models/" + repoId + "/revision/" + encode(revision) + "?blobs=true");
        try (Response r = followRelative("GET", uri, Map.of())) {
            if (!r.isSuccess()) throw failure(r, repoId, revision, null);
            return parseInfo(repoId, JSON.readTree(r.body()));
        }
    }

    private static RepoInfo parseInfo(String asked, JsonNode j) throws IOException {
        String commit = j.path("sha").asText("");
        if (!HubCache.isCommitHash(commit)) {
            throw new HubException(Kind.SERVER_ERROR, "the Hub's listing of " + asked + " has no commit \"sha\"");
        }
        List<RepoFile> files = new ArrayList<>();
        for (JsonNode s : j.path("siblings")) {
            JsonNode lfs = s.path("lfs");
            files.add(new RepoFile(s.path("rfilename").asText(), s.path("size").asLong(-1), s.path("blobId").asText(""),
                    lfs.isObject() ? Optional.of(lfs.path("sha256").asText()) : Optional.empty()));
        }
        String id = j.hasNonNull("id") ? j.get("id").asText() : asked;
        return new RepoInfo(id, commit, files);
    }

    // ------------------------------------------------------------------ whole models

    /**
     * Makes the files scoring needs ({@link ScoringFiles}) present in the cache and returns the snapshot folder
     * that holds them. Offline, or when the Hub cannot be reached, a complete cached snapshot is used.
     *
     * @param progress bytes downloaded so far of the bytes this call has to download
     */
    public Path downloadModel(String repoId, String revision, Progress progress, Cancellation cancel) throws IOException {
        return downloadSnapshot(repoId, revision, true, progress, cancel);
    }

    /**
     * Only the config and tokenizer files of a repository, what scoring on a server needs locally; returns the
     * snapshot folder that holds them.
     */
    public Path downloadTokenizer(String repoId, String revision, Cancellation cancel) throws IOException {
        return downloadSnapshot(repoId, revision, false, Progress.NONE, cancel);
    }

    /** A cached snapshot of the revision that has a config, a tokenizer and all its weights, if there is one. */
    public Optional<Path> cachedModel(String repoId, String revision) throws IOException {
        return cachedSnapshot(repoId, revision, true);
    }

    /**
     * {@link #cachedModel(String, String)} under the first of the ids that has one: a repository's current id and
     * the older ids it was downloaded under (a copy in models--gpt2 saves gigabytes).
     */
    public Optional<Path> cachedModel(List<String> repoIds, String revision) throws IOException {
        for (String id : repoIds) {
            Optional<Path> dir = cachedModel(id, revision);
            if (dir.isPresent()) return dir;
        }
        return Optional.empty();
    }

    private Path downloadSnapshot(String repoId, String revision, boolean weights, Progress progress, Cancellation cancel)
            throws IOException {
        validateRepoId(repoId);
        if (config.offline()) {
            return cachedSnapshot(repoId, revision, weights).orElseThrow(() -> notCached(repoId, revision, "HF_HUB_OFFLINE is set"));
        }
        RepoInfo info;
        try {
            info = repoInfo(repoId, revision);
        } catch (HubException e) {
            throw e;
        } catch (IOException e) {
            Optional<Path> cached = cachedSnapshot(repoId, revision, weights);
            if (cached.isPresent()) return cached.get();
            throw unreachable(repoId, revision, e);
        }
        List<String> available = info.files().stream().map(RepoFile::path).toList();
        List<String> wanted = new ArrayList<>(ScoringFiles.tokenizer(repoId, available));
        if (weights) {
            String entry = ScoringFiles.weightEntry(repoId, available);
            wanted.add(entry);
            if (ScoringFiles.isShardIndex(entry)) {
                wanted.addAll(ScoringFiles.shards(fetch(repoId, info.commit(), entry, new Counter(-1, Progress.NONE), cancel,
                        info.file(entry).map(RepoFile::etag))));
            }
        }
        long total = 0;
        for (String f : wanted) total += info.file(f).map(RepoFile::size).filter(s -> s > 0).orElse(0L);
        Counter counter = new Counter(total, progress);
        for (String f : wanted) {
            cancel.check();
            if (cache.cachedFile(repoId, info.commit(), f).isPresent()) {
                counter.add(info.file(f).map(RepoFile::size).orElse(0L));
                continue;
            }
            fetch(repoId, info.commit(), f, counter, cancel, info.file(f).map(RepoFile::etag));
        }
        cache.writeRef(repoId, revision, info.commit());
        return cache.snapshotDir(repoId, info.commit());
    }

    private Optional<Path> cachedSnapshot(String repoId, String revision, boolean weights) throws IOException {
        Optional<String> commit = cache.commitOf(repoId, revision);
        if (commit.isEmpty()) return Optional.empty();
        Path dir = cache.snapshotDir(repoId, commit.get());
        if (!Files.isDirectory(dir)) return Optional.empty();
        List<String> present;
        try (var s = Files.list(dir)) {
            present = s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
        try {
            ScoringFiles.tokenizer(repoId, present);
            if (weights) {
                String entry = ScoringFiles.weightEntry(repoId, present);
                if (ScoringFiles.isShardIndex(entry) && !present.containsAll(ScoringFiles.shards(dir.resolve(entry)))) {
                    return Optional.empty();
                }
            }
            return Optional.of(dir);
        } catch (HubException incomplete) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ single files

    /** {@code hf_hub_download}: one file of a revision, from the cache when it is there. */
    public Path download(String repoId, String revision, String path, Progress progress, Cancellation cancel) throws IOException {
        validateRepoId(repoId);
        Counter counter = new Counter(-1, progress);
        return fetch(repoId, revision, path, counter, cancel, Optional.empty());
    }

    /** @param listed the ETag the repository listing gave for the file (its LFS sha256 or git blob id), if known */
    private Path fetch(String repoId, String revision, String path, Counter counter, Cancellation cancel,
                       Optional<String> listed) throws IOException {
        if (config.offline()) {
            return cache.cachedFile(repoId, revision, path)
                    .orElseThrow(() -> notCached(repoId, revision, "HF_HUB_OFFLINE is set and " + path + " is not cached"));
        }
        // a commit's files never change: a cached one, or one known to be absent, needs no request
        if (HubCache.isCommitHash(revision)) {
            Optional<Path> cached = cache.cachedFile(repoId, revision, path);
            if (cached.isPresent()) return cached.get();
            if (cache.knownMissing(repoId, revision, path)) {
                throw new HubException(Kind.ENTRY_NOT_FOUND, path + " does not exist in " + repoId + "@" + revision
                        + " (remembered in the cache's .no_exist folder)");
            }
        }
        FileMeta meta;
        try {
            meta = head(repoId, revision, path);
        } catch (HubException e) {
            throw e;
        } catch (IOException e) {
            Optional<Path> cached = cache.cachedFile(repoId, revision, path);
            if (cached.isPresent()) return cached.get();
            throw unreachable(repoId, revision, e);
        }
        if (listed.isPresent() && !listed.get().isEmpty() && !listed.get().equals(meta.etag)) {
            throw new HubException(Kind.SERVER_ERROR, repoId + "/" + path + ": the repository listing gives checksum "
                    + listed.get() + " but the file's ETag is " + meta.etag + "; the mirror or the Hub is inconsistent, try again later");
        }
        if (counter.total < 0) counter.total = meta.size;
        if (!Files.isRegularFile(cache.blob(repoId, meta.etag))) {
            try (HubCache.BlobLock lock = cache.lockBlob(repoId, meta.etag)) {
                if (!Files.isRegularFile(cache.blob(repoId, meta.etag))) fetchBlob(repoId, path, meta, counter, cancel);
            }
        } else {
            counter.add(Math.max(meta.size, 0));
        }
        Path file = cache.linkSnapshot(repoId, meta.commit, path, meta.etag);
        cache.writeRef(repoId, revision, meta.commit);
        return file;
    }

    /** What the resolve endpoint says about a file. */
    private record FileMeta(String commit, String etag, long size, URI location) {
    }

    private FileMeta head(String repoId, String revision, String path) throws IOException {
        URI uri = URI.create(config.endpoint() + "/" + repoId + "/resolve/" + encode(revision) + "/" + encodePath(path));
        try (Response r = followRelative("HEAD", uri, Map.of("Accept-Encoding", "identity"))) {
            boolean redirect = r.status() / 100 == 3;
            if (!r.isSuccess() && !redirect) {
                HubException e = failure(r, repoId, revision, path);
                Optional<String> commit = r.header("X-Repo-Commit");
                if (e.kind() == Kind.ENTRY_NOT_FOUND && commit.isPresent()) cache.markMissing(repoId, commit.get(), path);
                throw e;
            }
            String commit = r.header("X-Repo-Commit").orElseThrow(() -> new HubException(Kind.SERVER_ERROR,
                    uri + " answered without X-Repo-Commit: HF_ENDPOINT does not point at a Hub (or a faithful mirror)"));
            String etag = normalizeEtag(r.header("X-Linked-Etag").or(() -> r.header("ETag")).orElseThrow(() ->
                    new HubException(Kind.SERVER_ERROR, uri + " answered without an ETag, so the file cannot be cached or verified")));
            long size = r.header("X-Linked-Size").or(() -> r.header("Content-Length")).map(Long::parseLong).orElse(-1L);
            URI location = redirect ? uri.resolve(r.header("Location").orElseThrow()) : uri;
            return new FileMeta(commit, etag, size, location);
        }
    }

    // huggingface_hub's _normalize_etag: drop a weak-validator prefix and the quotes
    private static String normalizeEtag(String etag) {
        String e = etag.strip();
        if (e.startsWith("W/")) e = e.substring(2);
        return e.replace("\"", "");
    }

    private void fetchBlob(String repoId, String path, FileMeta meta, Counter counter, Cancellation cancel) throws IOException {
        Path part = cache.incomplete(repoId, meta.etag);
        Files.createDirectories(part.getParent());
        Verifier verifier = Verifier.forEtag(meta.etag, meta.size);
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (meta.size >= 0 && have > meta.size) {
            Files.delete(part);
            have = 0;
        }
        verifier.feed(part, have);
        counter.add(have);
        IOException last = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            cancel.check();
            if (attempt > 0) sleep(backoff.multipliedBy(1L << Math.min(attempt - 1, 6)));
            if (meta.size >= 0 && have == meta.size) break;
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Accept-Encoding", "identity");
            if (have > 0) headers.put("Range", "bytes=" + have + "-");
            try (Response r = followAll(meta.location, headers)) {
                if (r.status() == 416 && meta.size >= 0 && have == meta.size) break;
                if (r.status() == 429 || r.status() / 100 == 5) {
                    last = new HubException(Kind.SERVER_ERROR, "the Hub answered HTTP " + r.status() + " for " + path);
                    continue;
                }
                if (r.status() != 200 && r.status() != 206) throw failure(r, repoId, meta.commit, path);
                if (r.status() == 200 && have > 0) {
                    // the server ignored the Range header: start over
                    counter.add(-have);
                    have = 0;
                    verifier = Verifier.forEtag(meta.etag, meta.size);
                }
                try (InputStream in = r.body();
                     OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                             have == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND)) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        out.write(buf, 0, n);
                        verifier.update(buf, n);
                        have += n;
                        counter.add(n);
                        if (cancel.isCancelled()) {
                            out.flush();
                            cancel.check();
                        }
                    }
                }
                if (meta.size < 0 || have == meta.size) break;
                last = new IOException("the connection closed after " + have + " of " + meta.size + " bytes");
            } catch (IOException e) {
                if (e instanceof HubException) throw e;
                last = e;
                have = Files.isRegularFile(part) ? Files.size(part) : 0;
                verifier = Verifier.forEtag(meta.etag, meta.size);
                verifier.feed(part, have);
            }
        }
        if (meta.size >= 0 && have != meta.size) {
            throw new HubException(Kind.UNREACHABLE, "downloading " + repoId + "/" + path + " stopped at " + have + " of "
                    + meta.size + " bytes after " + attempts + " attempts (" + last.getMessage()
                    + "); run the download again to resume from " + part, last);
        }
        Optional<String> mismatch = verifier.mismatch();
        if (mismatch.isPresent()) {
            Files.deleteIfExists(part);
            throw new HubException(Kind.CHECKSUM_MISMATCH, repoId + "/" + path + ": the downloaded bytes " + mismatch.get()
                    + "; the corrupt download was deleted, run the download again");
        }
        cache.commitBlob(part, repoId, meta.etag);
    }

    // ------------------------------------------------------------------ HTTP

    /** Sends a request, following redirects that stay on the same host (a renamed repository), as huggingface_hub. */
    private Response followRelative(String method, URI uri, Map<String, String> extra) throws IOException {
        for (int hop = 0; ; hop++) {
            Response r = sendWithBackoff(method, uri, extra);
            Optional<String> location = r.status() / 100 == 3 ? r.header("Location") : Optional.empty();
            if (location.isEmpty() || URI.create(location.get()).getHost() != null || hop == MAX_REDIRECTS) return r;
            r.close();
            uri = uri.resolve(location.get());
        }
    }

    /** GET following every redirect; the token is sent only while on the Hub host. */
    private Response followAll(URI uri, Map<String, String> extra) throws IOException {
        for (int hop = 0; ; hop++) {
            Response r = http.send(Request.get(uri, headers(uri, extra), DOWNLOAD_TIMEOUT));
            Optional<String> location = r.status() / 100 == 3 ? r.header("Location") : Optional.empty();
            if (location.isEmpty() || hop == MAX_REDIRECTS) return r;
            r.close();
            uri = uri.resolve(location.get());
        }
    }

    /** Retries 429 and 5xx answers (honouring Retry-After); connection failures are left to the caller. */
    private Response sendWithBackoff(String method, URI uri, Map<String, String> extra) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Response r = http.send(new Request(method, uri, headers(uri, extra), null, API_TIMEOUT));
            boolean transientFailure = r.status() == 429 || r.status() / 100 == 5;
            if (!transientFailure || attempt + 1 >= attempts) return r;
            Duration wait = r.header("Retry-After").flatMap(RetryAfter::retryAfter).map(HubClient::capped)
                    .orElse(backoff.multipliedBy(1L << Math.min(attempt, 6)));
            r.close();
            sleep(wait);
        }
    }

    private static Duration capped(Duration asked) {
        return asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
    }

    private Map<String, String> headers(URI uri, Map<String, String> extra) {
        Map<String, String> h = new LinkedHashMap<>(extra);
        h.put("User-Agent", USER_AGENT);
        if (config.isHubUrl(uri)) config.token().ifPresent(t -> h.put("Authorization", "Bearer " + t));
        return h;
    }

    private static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry");
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodePath(String path) {
        StringBuilder b = new StringBuilder();
        for (String seg : path.split("/")) b.append(b.isEmpty() ? "" : "/").append(encode(seg));
        return b.toString();
    }

    // ------------------------------------------------------------------ errors

    /** huggingface_hub's hf_raise_for_status: the X-Error-Code header says which of the 4xx it is. */
    private HubException failure(Response r, String repoId, String revision, String path) {
        String code = r.header("X-Error-Code").orElse("");
        String serverMessage = r.header("X-Error-Message").orElseGet(() -> errorField(r));
        String where = repoId + (path == null ? "" : "/" + path) + "@" + revision;
        String detail = serverMessage.isBlank() ? "" : " (the Hub said: " + serverMessage + ")";
        boolean hasToken = config.token().isPresent();
        return switch (code) {
            case "RevisionNotFound" -> new HubException(Kind.REVISION_NOT_FOUND,
                    "revision '" + revision + "' does not exist in " + repoId + detail);
            case "EntryNotFound" -> new HubException(Kind.ENTRY_NOT_FOUND,
                    path + " does not exist in " + repoId + "@" + revision + detail);
            case "GatedRepo" -> new HubException(Kind.GATED, repoId + " is gated: accept its conditions at "
                    + config.endpoint() + "/" + repoId + " while logged in, then set HF_TOKEN to a token of that account"
                    + (hasToken ? " (the token sent has no access yet)" : " (no token is set)") + detail);
            default -> switch (r.status()) {
                case 401 -> new HubException(hasToken ? Kind.UNAUTHORIZED : Kind.REPO_NOT_FOUND, hasToken
                        ? repoId + " was not found with the token sent: check the name, and that the token (HF_TOKEN or "
                          + "~/.cache/huggingface/token) is valid and can read it" + detail
                        : repoId + " was not found: check the name; if it is private or gated, set HF_TOKEN to a token "
                          + "that can read it" + detail);
                case 403 -> new HubException(Kind.UNAUTHORIZED, "the token may not read " + where + detail);
                case 404 -> path == null || code.equals("RepoNotFound")
                        ? new HubException(Kind.REPO_NOT_FOUND, "repository " + repoId + " (revision " + revision
                          + ") was not found on " + config.endpoint() + detail)
                        : new HubException(Kind.ENTRY_NOT_FOUND, path + " was not found in " + repoId + "@" + revision + detail);
                default -> new HubException(Kind.SERVER_ERROR, config.endpoint() + " answered HTTP " + r.status()
                        + " for " + where + detail);
            };
        };
    }

    private static String errorField(Response r) {
        try {
            String body = r.bodyText();
            JsonNode j = JSON.readTree(body);
            return j != null && j.hasNonNull("error") ? j.get("error").asText() : "";
        } catch (IOException e) {
            return "";
        }
    }

    private void requireOnline(String repoId, String revision, String what) throws HubException {
        if (config.offline()) throw notCached(repoId, revision, "HF_HUB_OFFLINE is set, so the Hub cannot be asked to " + what);
    }

    private HubException notCached(String repoId, String revision, String why) {
        return new HubException(Kind.NOT_CACHED, why + ": " + repoId + "@" + revision + " is not (completely) in the cache "
                + config.cacheDir() + "; download it while online with: isstudio download " + repoId
                + (revision.equals("main") ? "" : "@" + revision));
    }

    private HubException unreachable(String repoId, String revision, IOException cause) {
        return new HubException(Kind.UNREACHABLE, "cannot reach " + config.endpoint() + " (" + cause
                + ") and " + repoId + "@" + revision + " is not in the cache " + config.cacheDir()
                + "; check the connection or HF_ENDPOINT", cause);
    }

    // ------------------------------------------------------------------ helpers

    /** Bytes done out of bytes to do, across the files of one call. */
    private static final class Counter {
        long total;
        long done;
        final Progress progress;

        Counter(long total, Progress progress) {
            this.total = total;
            this.progress = progress;
        }

        void add(long bytes) {
            done += bytes;
            progress.update(done, Math.max(total, done));
        }
    }

    /**
     * Checks content against its ETag: the sha256 of an LFS file, or the git blob id (sha1 over
     * {@code "blob <size>\0"} and the content) of a file kept in git. Other ETags (some mirrors) are not
     * hashes and are not checked.
     */
    private static final class Verifier {
        private final MessageDigest digest;
        private final String expected;
        private final String algorithm;

        private Verifier(String algorithm, String expected) {
            this.algorithm = algorithm;
            this.expected = expected;
            try {
                this.digest = algorithm == null ? null : MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        static Verifier forEtag(String etag, long size) {
            if (SHA256.matcher(etag).matches()) return new Verifier("SHA-256", etag);
            if (SHA1.matcher(etag).matches() && size >= 0) {
                Verifier v = new Verifier("SHA-1", etag);
                v.digest.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
                return v;
            }
            return new Verifier(null, etag);
        }

        void update(byte[] b, int n) {
            if (digest != null) digest.update(b, 0, n);
        }

        /** Hashes the first {@code length} bytes already on disk (a download being resumed). */
        void feed(Path file, long length) throws IOException {
            if (digest == null || length == 0) return;
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                long left = length;
                for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; left -= n) {
                    digest.update(buf, 0, n);
                }
            }
        }

        Optional<String> mismatch() {
            if (digest == null) return Optional.empty();
            String actual = HexFormat.of().formatHex(digest.digest());
            return actual.equals(expected) ? Optional.empty()
                    : Optional.of("have " + algorithm + " " + actual + " but the Hub lists " + expected);
        }
    }
}
