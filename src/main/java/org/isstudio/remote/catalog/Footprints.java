package org.isstudio.remote.catalog;

import org.isstudio.engine.load.HfConfig;
import org.isstudio.remote.hub.HubClient;
import org.isstudio.remote.sizing.Machine;
import org.isstudio.remote.sizing.ModelSizer;
import org.isstudio.remote.sizing.SizeEstimate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Size estimates for resolved models: from the files when the model is on disk (a folder, the demo, a cached
 * Hub snapshot), else from the catalog's config and stored dtype. Servers and Hub models that are neither
 * cached nor in the catalog have no estimate until their config is fetched.
 */
public final class Footprints {

    private final Catalog catalog;
    private final HubClient hub;
    private final ModelSizer sizer;

    public Footprints(Catalog catalog, HubClient hub, ModelSizer sizer) {
        this.catalog = catalog;
        this.hub = hub;
        this.sizer = sizer;
    }

    /** Footprints on this machine, with the free space of the disk the Hub cache is on. */
    public static Footprints forThisMachine(Catalog catalog, HubClient hub) {
        return new Footprints(catalog, hub, new ModelSizer(Machine.detect(), ModelSizer.freeSpace(hub.config().cacheDir())));
    }

    public Optional<SizeEstimate> estimate(ModelChoice choice) throws IOException {
        return switch (choice.source()) {
            case ModelSource.Server ignored -> Optional.empty();
            case ModelSource.Folder f -> onDisk(f.weightsDir());
            case ModelSource.Hub h -> {
                Optional<Path> cached = hub.cachedModel(h.ids(), h.revision());
                if (cached.isPresent()) yield onDisk(cached.get());
                Optional<Catalog.Entry> entry = catalog.member(h.repo());
                if (entry.isEmpty() || entry.get().member().config().isEmpty()) yield Optional.empty();
                HfConfig config = HfConfig.parse(Path.of(h.repo(), "config.json"), entry.get().member().config().get().toString());
                long weights = entry.get().member().totalParameters() * ModelSizer.bytesPer(entry.get().series().storedDtype());
                yield sizer.estimate(config, weights, entry.get().series().storedDtype(), weights);
            }
        };
    }

    /**
     * A warning to show before loading a model that will not run well here, naming the way out; empty when it
     * fits or nothing is known.
     */
    public Optional<String> warning(ModelChoice choice) throws IOException {
        Optional<SizeEstimate> e = estimate(choice);
        if (e.isEmpty() || e.get().fit() == SizeEstimate.Fit.LOCAL) return Optional.empty();
        String fix = switch (e.get().fit()) {
            case SERVER -> "; score it on a server instead, e.g. vllm+http://HOST:8000/v1#"
                    + (choice.source() instanceof ModelSource.Hub h ? h.repo() : choice.name());
            case TIGHT -> "; close other programs first";
            case NO_DISK -> "; free disk space or point HF_HUB_CACHE at a larger disk";
            case LOCAL -> "";
        };
        return Optional.of(choice.name() + " " + e.get().reason() + fix);
    }

    /** The estimate for a model folder or cached snapshot, from its files. */
    public Optional<SizeEstimate> onDisk(Path dir) throws IOException {
        return sizer.estimate(HfConfig.read(dir), weightBytes(dir), "", 0);
    }

    /** The bytes of the weight files the engine would load (safetensors if present, else PyTorch pickles). */
    static long weightBytes(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.toList();
        }
        boolean safetensors = files.stream().anyMatch(p -> p.getFileName().toString().endsWith(".safetensors"));
        long sum = 0;
        for (Path p : files) {
            String n = p.getFileName().toString();
            if (safetensors ? n.endsWith(".safetensors") : n.startsWith("pytorch_model") && n.endsWith(".bin")) sum += Files.size(p);
        }
        return sum;
    }
}
