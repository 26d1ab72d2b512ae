package org.isstudio.engine.load;

import com.fasterxml.jackson.databind.JsonNode;
import org.isstudio.testing.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModelFilesTest {

    static List<String> models() {
        return Golden.modelNames();
    }

    @ParameterizedTest
    @MethodSource("models")
    void opensEveryGoldenFolderAsTheManifestDescribesIt(String model) throws IOException {
        JsonNode m = Golden.manifest().path("models").path(model);
        try (TensorStore store = ModelFiles.open(Golden.modelDir(model))) {
            assertEquals(m.path("weights_file").asText(), store.source().getFileName().toString());
            List<String> expectedNames = new ArrayList<>();
            m.path("tensor_names").forEach(n -> expectedNames.add(n.asText()));
            assertEquals(expectedNames, store.names().stream().sorted().toList(), "tensor names (the manifest sorts them)");

            long params = 0;
            for (String name : store.names()) {
                TensorInfo info = store.info(name);
                assertEquals(info.byteSize(), store.segment(name).byteSize(), name);
                if (TensorNames.isBuffer(info)) continue;
                assertEquals(m.path("weights_dtype").asText(), info.dtype().name(), name);
                params += info.elementCount();
            }
            assertEquals(m.path("n_params").asLong(), params, "parameters = stored tensors minus buffers");
        }
    }
}
