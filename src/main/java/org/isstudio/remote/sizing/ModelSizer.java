package org.isstudio.remote.sizing;

import org.isstudio.engine.load.HfConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Estimates memory, disk and time per model from its config and this machine, so that the application can
 * say before loading which models run here and which need a server.
 *
 * <p>Memory: the engine memory-maps the weights and computes in their stored dtype, so the weights count once;
 * on top come the KV cache of a {@value #CONTEXT}-token request in float32 (2 x layers x tokens x kv width),
 * the widest activations, the logits of the scored positions, and {@value #APP_MB} MB for the application.
 * Time: scoring a prompt token costs about 2 x non-embedding parameters multiply-adds, plus the vocabulary
 * projection where a token is scored (assumed for a quarter of the tokens).
 */
public final class ModelSizer {

    static final int CONTEXT = 2048;
    static final int APP_MB = 400;
    /** Memory that must stay free for the system and other programs. */
    private static final double HEADROOM = 0.9;

    private final Machine machine;
    private final long freeDiskBytes;

    public ModelSizer(Machine machine, long freeDiskBytes) {
        this.machine = machine;
        this.freeDiskBytes = freeDiskBytes;
    }

    /** The usable space of the disk {@code dir} is (or would be created) on; unlimited when it cannot be read. */
    public static long freeSpace(Path dir) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            try {
                if (Files.exists(p)) return Files.getFileStore(p).getUsableSpace();
            } catch (IOException e) {
                return Long.MAX_VALUE;
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * @param weightBytes   the weights on disk when known, else -1 to derive them from the parameter count
     * @param storedDtype   the checkpoint's dtype ({@code float16}, ...) when the weights are not at hand
     * @param downloadBytes bytes still to download (0 when cached)
     */
    public Optional<SizeEstimate> estimate(HfConfig config, long weightBytes, String storedDtype, long downloadBytes) {
        Optional<ParameterCount> count = ParameterCount.of(config);
        if (count.isEmpty()) return Optional.empty();
        long weights = weightBytes >= 0 ? weightBytes : count.get().total() * bytesPer(storedDtype.isBlank()
                ? config.torchDtype().orElse("float32") : storedDtype);
        long d = config.hiddenSize();
        long kvWidth = (long) config.numKvHeads() * config.headDim();
        long kv = 2L * config.numLayers() * CONTEXT * kvWidth * 4;
        long activations = (long) CONTEXT * Math.max(config.intermediateSize(), 3 * d) * 4 * 3;
        long logits = (long) (CONTEXT / 4) * config.vocabSize() * 4;
        long memory = weights + kv + activations + logits + APP_MB * (1L << 20);

        double flopsPerToken = 2.0 * count.get().nonEmbedding() + 0.25 * 2.0 * d * config.vocabSize();
        double secondsPer1k = 1000 * flopsPerToken / (machine.gflops() * 1e9);

        SizeEstimate.Fit fit;
        String reason;
        if (memory > machine.physicalBytes() * HEADROOM) {
            fit = SizeEstimate.Fit.SERVER;
            reason = "needs about " + gb(memory) + " of memory, this machine has " + gb(machine.physicalBytes());
        } else if (downloadBytes > freeDiskBytes) {
            fit = SizeEstimate.Fit.NO_DISK;
            reason = "the download (" + gb(downloadBytes) + ") is larger than the free disk space (" + gb(freeDiskBytes) + ")";
        } else if (memory > machine.availableBytes() * HEADROOM) {
            fit = SizeEstimate.Fit.TIGHT;
            reason = "needs about " + gb(memory) + " of memory, " + gb(machine.availableBytes()) + " is free now";
        } else {
            fit = SizeEstimate.Fit.LOCAL;
            reason = "needs about " + gb(memory) + " of memory";
        }
        return Optional.of(new SizeEstimate(weights, memory, downloadBytes, secondsPer1k, fit, reason));
    }

    /** Bytes per parameter of a checkpoint dtype as config.json or the catalog name it. */
    public static long bytesPer(String dtype) {
        return switch (dtype.toLowerCase(Locale.ROOT)) {
            case "float16", "bfloat16", "f16", "bf16", "torch.float16", "torch.bfloat16" -> 2;
            default -> 4;
        };
    }

    public static String gb(long bytes) {
        if (bytes < (1L << 20)) return String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0);
        if (bytes < (1L << 30)) return String.format(Locale.ROOT, "%.0f MB", bytes / (double) (1L << 20));
        return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
    }
}
