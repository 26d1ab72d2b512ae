package org.isstudio.engine.arch;

import org.isstudio.engine.bench.RandomGpt2;
import org.isstudio.engine.load.CheckpointFormatException;
import org.isstudio.engine.load.HfConfig;
import org.isstudio.engine.load.ModelFiles;
import org.isstudio.engine.load.TensorStore;
import org.isstudio.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchitecturesTest {

    static Stream<String> models() {
        return Golden.modelNames().stream();
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyGoldenCheckpointIsReadWhole(String model) throws IOException {
        Path dir = Golden.modelDir(model);
        try (TensorStore store = ModelFiles.open(dir)) {
            Architectures.Loaded loaded = Architectures.build(HfConfig.read(dir), store);
            assertTrue(loaded.unusedTensors().isEmpty(), "weights left unread: " + loaded.unusedTensors());
        }
    }

    @Test
    void unknownModelTypeNamesTheConfigAndTheSupportedTypes(@TempDir Path dir) throws IOException {
        Path src = Golden.modelDir("gpt2-tiny");
        Files.writeString(dir.resolve("config.json"), Files.readString(src.resolve("config.json"))
                .replace("\"model_type\": \"gpt2\"", "\"model_type\": \"mamba\""));
        Files.createSymbolicLink(dir.resolve("model.safetensors"), src.resolve("model.safetensors").toRealPath());
        try (TensorStore store = ModelFiles.open(dir)) {
            var e = assertThrows(CheckpointFormatException.class, () -> Architectures.build(HfConfig.read(dir), store));
            assertTrue(e.getMessage().contains(dir.resolve("config.json").toString()), e.getMessage());
            assertTrue(e.getMessage().contains("\"mamba\"") && e.getMessage().contains("gpt_neox"), e.getMessage());
        }
    }

    @Test
    void missingTensorNamesTheFileAndTheTensor(@TempDir Path dir) throws IOException {
        new RandomGpt2(2, 2, 8, 16, 20).write(dir, 1);
        // the config now promises a third layer the file does not have
        Files.writeString(dir.resolve("config.json"), Files.readString(dir.resolve("config.json")).replace("\"n_layer\" : 2", "\"n_layer\" : 3"));
        try (TensorStore store = ModelFiles.open(dir)) {
            var e = assertThrows(CheckpointFormatException.class, () -> Architectures.build(HfConfig.read(dir), store));
            assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains("h.2.ln_1.weight"), e.getMessage());
        }
    }

    @Test
    void misShapedTensorNamesBothShapes(@TempDir Path dir) throws IOException {
        new RandomGpt2(1, 2, 8, 16, 20).write(dir, 1);
        Files.writeString(dir.resolve("config.json"), Files.readString(dir.resolve("config.json")).replace("\"n_embd\" : 8", "\"n_embd\" : 12"));
        try (TensorStore store = ModelFiles.open(dir)) {
            var e = assertThrows(CheckpointFormatException.class, () -> Architectures.build(HfConfig.read(dir), store));
            assertTrue(e.getMessage().contains("wte.weight") && e.getMessage().contains("[20, 8]")
                    && e.getMessage().contains("[20, 12]"), e.getMessage());
        }
    }
}
