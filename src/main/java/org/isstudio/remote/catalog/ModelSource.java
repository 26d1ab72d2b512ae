package org.isstudio.remote.catalog;

import org.isstudio.remote.scoring.ServerSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where a model's weights come from. */
public sealed interface ModelSource {

    /**
     * A model on disk, ready for the engine. The weights folder has config.json and the weights; the tokenizer
     * folder has tokenizer.json (or vocab.json + merges.txt) and tokenizer_config.json. They are one folder for
     * Hub snapshots and ordinary model folders, and differ for the demo series, whose members share one
     * tokenizer folder.
     *
     * @param identity what the weights are, for score caches: {@code hub:REPO@COMMIT}, {@code demo:NAME@SHA256}
     *                 or {@code folder:PATH}
     */
    record Folder(Path weightsDir, Path tokenizerDir, String identity) implements ModelSource {
    }

    /**
     * A Hub repository not necessarily downloaded yet.
     *
     * @param alsoCachedAs older ids of the same repository whose cached copies may be used
     */
    record Hub(String repo, String revision, List<String> alsoCachedAs) implements ModelSource {
        public Hub {
            alsoCachedAs = List.copyOf(alsoCachedAs);
        }

        /** Every id its cached copies may be under, the current one first. */
        public List<String> ids() {
            return Stream.concat(Stream.of(repo), alsoCachedAs.stream()).toList();
        }
    }

    /** A model served over HTTP. */
    record Server(ServerSpec spec) implements ModelSource {
    }
}
