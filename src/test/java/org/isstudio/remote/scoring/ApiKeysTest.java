package org.isstudio.remote.scoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeysTest {

    @TempDir
    Path config;

    @Test
    void keysComeFromTheEnvironmentNamedPerServer() throws IOException {
        Files.writeString(config.resolve("servers.json"),
                "{\"servers\": [{\"url\": \"http://gpu-box:8000\", \"apiKeyEnv\": \"GPU_BOX_KEY\"}]}");
        ServerSpec box = ServerSpec.parse("vllm+http://gpu-box:8000/v1#m");
        ServerSpec other = ServerSpec.parse("vllm+http://other:8000/v1#m");
        Map<String, String> env = Map.of("GPU_BOX_KEY", "k-box", "ISSTUDIO_API_KEY", "k-default", "OPENAI_API_KEY", "sk-openai");
        assertEquals(Optional.of("k-box"), ApiKeys.forServer(box, env, config));
        assertEquals(Optional.of("k-default"), ApiKeys.forServer(other, env, config));
        assertTrue(ApiKeys.forServer(other, Map.of("OPENAI_API_KEY", "sk-openai"), config).isEmpty(),
                "an OpenAI key is never sent to another host");
        assertEquals(Optional.of("sk-openai"), ApiKeys.forServer(ServerSpec.parse("openai+https://api.openai.com/v1#davinci-002"),
                Map.of("OPENAI_API_KEY", "sk-openai"), config));
        IOException e = assertThrows(IOException.class, () -> ApiKeys.forServer(box, Map.of(), config));
        assertTrue(e.getMessage().endsWith("servers[0].apiKeyEnv names GPU_BOX_KEY, which is not set"), e.getMessage());
    }
}
