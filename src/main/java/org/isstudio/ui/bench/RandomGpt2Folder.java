package org.isstudio.ui.bench;

import org.isstudio.engine.bench.RandomGpt2;
import org.isstudio.model.AppPaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A GPT-2-small-shaped model (124M parameters, random weights) with GPT-2's tokenizer, in a Hub-layout folder:
 * the "small model" users score first, which the benchmarks need without a network.
 */
final class RandomGpt2Folder {

    private RandomGpt2Folder() {
    }

    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        RandomGpt2.SMALL.write(dir, 7);
        // the demo series' tokenizer is GPT-2's
        try (Stream<Path> tokenizer = Files.list(AppPaths.demoModelsDir().resolve("tokenizer"))) {
            for (Path f : tokenizer.toList()) Files.copy(f, dir.resolve(f.getFileName()));
        }
        return dir;
    }
}
