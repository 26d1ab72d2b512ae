package org.isstudio.remote.scoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeysTest {

    private static final ApiKeys.SecretStore EMPTY = server -> Optional.empty();

    @TempDir
    Path config;

    @Test
    void keysComeFromTheEnvironmentNamedPerServer() throws IOException {
        Files.writeString(config.resolve("servers.json"),
                "{\"servers\": [{\"url\": \"http://gpu-box:8000\", \"apiKeyEnv\": \"GPU_BOX_KEY\"}]}");
        ServerSpec box = ServerSpec.parse("vllm+http://gpu-box:8000/v1#m");
        ServerSpec other = ServerSpec.parse("vllm+http://other:8000/v1#m");
        Map<String, String> env = Map.of("GPU_BOX_KEY", "k-box", "ISSTUDIO_API_KEY", "k-default", "OPENAI_API_KEY", "sk-openai");
        assertEquals(Optional.of("k-box"), ApiKeys.forServer(box, env, config, EMPTY));
        assertEquals(Optional.of("k-default"), ApiKeys.forServer(other, env, config, EMPTY));
        assertTrue(ApiKeys.forServer(other, Map.of("OPENAI_API_KEY", "sk-openai"), config, EMPTY).isEmpty(),
                "an OpenAI key is never sent to another host");
        assertEquals(Optional.of("sk-openai"), ApiKeys.forServer(ServerSpec.parse("openai+https://api.openai.com/v1#davinci-002"),
                Map.of("OPENAI_API_KEY", "sk-openai"), config, EMPTY));
        IOException e = assertThrows(IOException.class, () -> ApiKeys.forServer(box, Map.of(), config, EMPTY));
        assertTrue(e.getMessage().endsWith("servers[0].apiKeyEnv names GPU_BOX_KEY, which is not set"), e.getMessage());
    }

    @Test
    void openAisApiTakesOpenAiApiKeyWhereverItsBaseUrlPointsAndNeverTheGeneralKey() throws IOException {
        Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-openai", "ISSTUDIO_API_KEY", "k-default",
                "OPENAI_BASE_URL", "http://proxy:4000/v1", "OPENAI_ORG_ID", "org-1", "OPENAI_PROJECT_ID", "proj_1");
        ServerSpec proxied = ServerSpec.parse("openai:davinci-002", env);
        ServerClient.Credentials c = ApiKeys.credentials(proxied, env, config, EMPTY);
        assertEquals(Optional.of("sk-openai"), c.apiKey());
        assertEquals(Map.of("OpenAI-Organization", "org-1", "OpenAI-Project", "proj_1"), c.headers());
        assertEquals("set OPENAI_API_KEY or store it in the OS keyring as server proxy:4000", c.keyHint());
        assertTrue(ApiKeys.forServer(ServerSpec.parse("openai:davinci-002", Map.of()), Map.of("ISSTUDIO_API_KEY", "k-default"),
                config, EMPTY).isEmpty(), "a key for self-hosted servers does not go to OpenAI");
        ApiKeys.SecretStore keyring = server -> server.equals("api.openai.com") ? Optional.of("sk-keyring") : Optional.empty();
        assertEquals(Optional.of("sk-keyring"), ApiKeys.forServer(ServerSpec.parse("openai:davinci-002", Map.of()),
                Map.of("OPENAI_API_KEY", "sk-openai"), config, keyring));
        ServerClient.Credentials vllm = ApiKeys.credentials(ServerSpec.parse("vllm+http://gpu:8000/v1#m"), env, config, EMPTY);
        assertEquals(Map.of(), vllm.headers(), "OpenAI's organization goes to OpenAI only");
    }

    @Test
    void theKeyringEntryOfTheServerBeatsTheGeneralKey() throws IOException {
        ApiKeys.SecretStore keyring = server -> server.equals("other:8000") ? Optional.of("k-keyring\n") : Optional.empty();
        ServerSpec other = ServerSpec.parse("vllm+http://other:8000/v1#m");
        assertEquals(Optional.of("k-keyring"), ApiKeys.forServer(other, Map.of("ISSTUDIO_API_KEY", "k-default"), config, keyring));
        assertEquals(Optional.of("k-default"), ApiKeys.forServer(ServerSpec.parse("vllm+http://third:8000/v1#m"),
                Map.of("ISSTUDIO_API_KEY", "k-default"), config, keyring));
    }

    @Test
    void theKeyringIsReadWithEachPlatformsTool() {
        assertEquals(Optional.of(List.of("secret-tool", "lookup", "service", "isstudio", "server", "gpu:8000")),
                new OsKeyring("Linux").command("gpu:8000"));
        assertEquals(Optional.of(List.of("security", "find-generic-password", "-s", "isstudio", "-a", "gpu:8000", "-w")),
                new OsKeyring("Mac OS X").command("gpu:8000"));
        assertEquals(Optional.empty(), new OsKeyring("Windows 11").command("gpu:8000"));
        assertEquals(Optional.empty(), new OsKeyring("Windows 11").lookup("gpu:8000"));
    }
}
