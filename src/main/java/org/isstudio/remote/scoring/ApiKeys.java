package org.isstudio.remote.scoring;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the API key for a server without ever storing one: keys live in environment variables, and the
 * optional per-user file {@code <config dir>/servers.json} only says which variable holds a server's key:
 * <pre>{"servers": [{"url": "http://gpu-box:8000", "apiKeyEnv": "GPU_BOX_KEY"}]}</pre>
 * Otherwise {@code ISSTUDIO_API_KEY} is used; {@code OPENAI_API_KEY} is used only for api.openai.com, so that
 * an OpenAI key never reaches another host.
 */
public final class ApiKeys {

    private ApiKeys() {
    }

    public static Optional<String> forServer(ServerSpec spec, Map<String, String> env, Path configDir) throws IOException {
        URI base = spec.baseUrl();
        Path file = configDir.resolve("servers.json");
        if (Files.isRegularFile(file)) {
            JsonNode servers = ServerClient.JSON.readTree(file.toFile()).path("servers");
            for (int i = 0; i < servers.size(); i++) {
                JsonNode s = servers.get(i);
                URI u = URI.create(s.path("url").asText(""));
                if (base.getHost().equalsIgnoreCase(u.getHost()) && base.getPort() == u.getPort()) {
                    String var = s.path("apiKeyEnv").asText("");
                    if (var.isBlank()) continue;
                    String key = env.get(var);
                    if (key == null || key.isBlank()) {
                        throw new IOException(file + ": servers[" + i + "].apiKeyEnv names " + var + ", which is not set");
                    }
                    return Optional.of(key.strip());
                }
            }
        }
        String key = env.get("ISSTUDIO_API_KEY");
        if ((key == null || key.isBlank()) && base.getHost().equalsIgnoreCase("api.openai.com")) key = env.get("OPENAI_API_KEY");
        return key == null || key.isBlank() ? Optional.empty() : Optional.of(key.strip());
    }
}
