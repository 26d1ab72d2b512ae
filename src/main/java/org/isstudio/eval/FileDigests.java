package org.isstudio.eval;

import org.isstudio.format.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * SHA-256 of model files, remembered by (path, size, modification time) in a small properties file, so a
 * multi-gigabyte checkpoint is read once rather than each time a model opens. A file that is a link into a Hugging
 * Face cache's {@code blobs/} folder is named by its SHA-256 already and is not read at all.
 */
final class FileDigests {

    private static final Pattern SHA256_NAME = Pattern.compile("[0-9a-f]{64}");
    private static final HexFormat HEX = HexFormat.of();

    private final Path store;

    /** @param store the properties file that remembers digests (created on first use) */
    FileDigests(Path store) {
        this.store = store;
    }

    synchronized String sha256(Path file) throws IOException {
        Path real = file.toRealPath();
        String name = real.getFileName().toString();
        if (SHA256_NAME.matcher(name).matches() && real.getParent() != null
                && real.getParent().getFileName().toString().equals("blobs")) {
            return name;
        }
        String key = real + "|" + Files.size(real) + "|" + Files.getLastModifiedTime(real).toMillis();
        Properties known = load();
        String digest = known.getProperty(key);
        if (digest != null) return digest;
        digest = compute(real);
        known.setProperty(key, digest);
        save(known);
        return digest;
    }

    private static String compute(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buf) >= 0) {
                buf.flip();
                sha.update(buf);
                buf.clear();
            }
        }
        return HEX.formatHex(sha.digest());
    }

    private Properties load() throws IOException {
        Properties p = new Properties();
        if (Files.isRegularFile(store)) {
            try (InputStream in = Files.newInputStream(store)) {
                p.load(in);
            } catch (IllegalArgumentException corrupt) {
                // a damaged memo only costs a re-read of the weights
                p.clear();
            }
        }
        return p;
    }

    private void save(Properties p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.store(out, "SHA-256 of model files by path|size|mtime (Inverse Scaling Studio)");
        AtomicFiles.write(store, out.toByteArray());
    }
}
