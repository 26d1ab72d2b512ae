package org.isstudio.remote.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The huggingface_hub cache layout ({@code huggingface_hub/file_download.py}), which Python tools share:
 * <pre>
 * {cache}/models--{org}--{name}/
 *     blobs/{etag}                    file contents, named by ETag (sha256 for LFS files, git blob sha1 otherwise)
 *     blobs/{etag}.incomplete         a download in progress, resumed with an HTTP Range request
 *     refs/{revision}                 the commit a branch or tag pointed at when last resolved
 *     snapshots/{commit}/{path}       relative symbolic links to ../../blobs/{etag}
 *     .no_exist/{commit}/{path}       empty markers of files known to be absent at that commit
 * {cache}/.locks/models--{org}--{name}/{etag}.lock
 * </pre>
 * Where symbolic links cannot be made (Windows without developer mode) the blob is copied into the snapshot,
 * as huggingface_hub does.
 */
public final class HubCache {

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Map<Path, ReentrantLock> THREAD_LOCKS = new ConcurrentHashMap<>();

    private final Path root;

    public HubCache(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public static boolean isCommitHash(String revision) {
        return COMMIT.matcher(revision).matches();
    }

    /** {@code models--org--name}: huggingface_hub's repo_folder_name. */
    public static String folderName(String repoId) {
        return "models--" + repoId.replace("/", "--");
    }

    public Path repoDir(String repoId) {
        return root.resolve(folderName(repoId));
    }

    public Path blob(String repoId, String etag) {
        return repoDir(repoId).resolve("blobs").resolve(etag);
    }

    public Path incomplete(String repoId, String etag) {
        return repoDir(repoId).resolve("blobs").resolve(etag + ".incomplete");
    }

    public Path snapshotDir(String repoId, String commit) {
        return repoDir(repoId).resolve("snapshots").resolve(commit);
    }

    public Path snapshotFile(String repoId, String commit, String path) {
        return snapshotDir(repoId, commit).resolve(path);
    }

    /** The commit a revision stands for: itself if it is a commit hash, else what refs/{revision} recorded. */
    public Optional<String> commitOf(String repoId, String revision) {
        if (isCommitHash(revision)) return Optional.of(revision);
        Path ref = repoDir(repoId).resolve("refs").resolve(revision);
        try {
            return Files.isRegularFile(ref) ? Optional.of(Files.readString(ref, StandardCharsets.UTF_8).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ref, e);
        }
    }

    /** The cached file of a revision, if the snapshot has it and its blob is present. */
    public Optional<Path> cachedFile(String repoId, String revision, String path) {
        return commitOf(repoId, revision).map(c -> snapshotFile(repoId, c, path)).filter(Files::isRegularFile);
    }

    public boolean knownMissing(String repoId, String commit, String path) {
        return Files.exists(repoDir(repoId).resolve(".no_exist").resolve(commit).resolve(path));
    }

    public void markMissing(String repoId, String commit, String path) throws IOException {
        Path marker = repoDir(repoId).resolve(".no_exist").resolve(commit).resolve(path);
        Files.createDirectories(marker.getParent());
        if (!Files.exists(marker)) Files.createFile(marker);
    }

    public void writeRef(String repoId, String revision, String commit) throws IOException {
        if (revision.equals(commit)) return;
        Path ref = repoDir(repoId).resolve("refs").resolve(revision);
        if (commitOf(repoId, revision).filter(commit::equals).isPresent()) return;
        Files.createDirectories(ref.getParent());
        Path tmp = Files.createTempFile(ref.getParent(), ".ref", ".tmp");
        Files.writeString(tmp, commit, StandardCharsets.UTF_8);
        moveReplacing(tmp, ref);
    }

    /** Points snapshots/{commit}/{path} at the blob: a relative link, or a copy where links are not allowed. */
    public Path linkSnapshot(String repoId, String commit, String path, String etag) throws IOException {
        Path link = snapshotFile(repoId, commit, path);
        Path blob = blob(repoId, etag);
        Files.createDirectories(link.getParent());
        Files.deleteIfExists(link);
        try {
            Files.createSymbolicLink(link, link.getParent().relativize(blob));
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.copy(blob, link, StandardCopyOption.REPLACE_EXISTING);
        }
        return link;
    }

    /** Moves a finished download into place as blobs/{etag}. */
    public void commitBlob(Path finished, String repoId, String etag) throws IOException {
        moveReplacing(finished, blob(repoId, etag));
    }

    /**
     * Holds huggingface_hub's lock path for a blob, so that no two downloads write one blob at once: a file lock
     * against other processes, and (because a JVM may hold only one lock per file) a lock against other threads.
     */
    public BlobLock lockBlob(String repoId, String etag) throws IOException {
        Path lock = root.resolve(".locks").resolve(folderName(repoId)).resolve(etag + ".lock");
        Files.createDirectories(lock.getParent());
        ReentrantLock threads = THREAD_LOCKS.computeIfAbsent(lock.toAbsolutePath().normalize(), p -> new ReentrantLock());
        threads.lock();
        try {
            FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new BlobLock(ch.lock(), threads);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            threads.unlock();
            throw e;
        }
    }

    /** A held blob lock; closing releases the file lock, its channel and the thread lock. */
    public record BlobLock(FileLock file, ReentrantLock threads) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                file.release();
                file.channel().close();
            } finally {
                threads.unlock();
            }
        }
    }

    /** Every model repository in the cache, with its revisions and disk use. */
    public List<CachedRepo> list() throws IOException {
        if (!Files.isDirectory(root)) return List.of();
        List<CachedRepo> repos = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                String name = dir.getFileName().toString();
                if (!name.startsWith("models--") || !Files.isDirectory(dir)) continue;
                String repoId = name.substring("models--".length()).replace("--", "/");
                repos.add(new CachedRepo(repoId, dir, children(dir.resolve("snapshots")), refs(dir), blobBytes(dir)));
            }
        }
        return repos;
    }

    /** One repository in the cache: its snapshot commits, refs (revision → commit) and blob bytes on disk. */
    public record CachedRepo(String repoId, Path dir, List<String> commits, List<String> refs, long bytes) {
    }

    private static List<String> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> refs(Path repoDir) throws IOException {
        Path refs = repoDir.resolve("refs");
        if (!Files.isDirectory(refs)) return List.of();
        try (Stream<Path> s = Files.walk(refs)) {
            return s.filter(Files::isRegularFile).map(p -> refs.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    private static long blobBytes(Path repoDir) throws IOException {
        Path blobs = repoDir.resolve("blobs");
        if (!Files.isDirectory(blobs)) return 0;
        try (Stream<Path> s = Files.list(blobs)) {
            long sum = 0;
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) sum += Files.size(p);
            }
            return sum;
        }
    }

    private static void moveReplacing(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
