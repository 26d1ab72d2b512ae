package org.isstudio.remote.scoring;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the API key for a server without ever storing one, most specific first:
 * <ol>
 *   <li>the environment variable that the optional per-user file {@code <config dir>/servers.json} names for the
 *       server: {@code {"servers": [{"url": "http://gpu-box:8000", "apiKeyEnv": "GPU_BOX_KEY"}]}};</li>
 *   <li>the operating system's keyring entry for the server's {@code host:port} ({@link OsKeyring});</li>
 *   <li>{@code ISSTUDIO_API_KEY};</li>
 *   <li>{@code OPENAI_API_KEY}, for api.openai.com only, so that an OpenAI key never reaches another host.</li>
 * </ol>
 */
public final class ApiKeys {

    /** Secrets by server ({@code host:port}). */
    @FunctionalInterface
    public interface SecretStore {
        Optional<String> lookup(String server);
    }

    private ApiKeys() {
    }

    public static Optional<String> forServer(ServerSpec spec, Map<String, String> env, Path configDir) throws IOException {
        return forServer(spec, env, configDir, new OsKeyring());
    }

    public static Optional<String> forServer(ServerSpec spec, Map<String, String> env, Path configDir, SecretStore keyring)
            throws IOException {
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
        Optional<String> stored = keyring.lookup(base.getRawAuthority()).map(String::strip).filter(k -> !k.isEmpty());
        if (stored.isPresent()) return stored;
        String key = env.get("ISSTUDIO_API_KEY");
        if ((key == null || key.isBlank()) && base.getHost().equalsIgnoreCase("api.openai.com")) key = env.get("OPENAI_API_KEY");
        return key == null || key.isBlank() ? Optional.empty() : Optional.of(key.strip());
    }
}
