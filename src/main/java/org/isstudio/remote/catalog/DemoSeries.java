package org.isstudio.remote.catalog;

import org.isstudio.engine.load.HfConfig;
import org.isstudio.remote.sizing.ParameterCount;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shipped demo series: {@code app/models/demo/<member>/} folders (config.json + model.safetensors) that share
 * {@code app/models/demo/tokenizer/}, ordered by parameter count, which is computed from each config.
 */
public final class DemoSeries {

    public static final String NAME = "demo";

    private DemoSeries() {
    }

    /** The members found in the demo folder, smallest first. */
    public static List<ModelChoice> load(Path demoDir) throws IOException {
        Path tokenizer = demoDir.resolve("tokenizer");
        if (!Files.isDirectory(demoDir)) throw new IOException("the demo series is not installed: " + demoDir + " is missing");
        if (!Files.isRegularFile(tokenizer.resolve("tokenizer.json"))) {
            throw new IOException("the demo series has no shared tokenizer: " + tokenizer.resolve("tokenizer.json") + " is missing");
        }
        List<ModelChoice> members = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(demoDir)) {
            for (Path dir : dirs.sorted().toList()) {
                if (!Files.isRegularFile(dir.resolve("config.json")) || !Files.isRegularFile(dir.resolve("model.safetensors"))) continue;
                ParameterCount count = ParameterCount.of(HfConfig.read(dir)).orElseThrow(() ->
                        new IOException(dir.resolve("config.json") + ": model_type is not one the engine runs"));
                String name = dir.getFileName().toString();
                String identity = "demo:" + name + "@" + sha256(dir.resolve("model.safetensors"));
                members.add(new ModelChoice(name.startsWith(NAME) ? name : NAME + "-" + name, NAME, count.total(), count.total(),
                        new ModelSource.Folder(dir, tokenizer, identity)));
            }
        }
        if (members.isEmpty()) throw new IOException("the demo series has no members in " + demoDir
                + " (folders with config.json and model.safetensors)");
        members.sort(Comparator.comparingLong(ModelChoice::parameters));
        return members;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
