package org.isstudio.remote.scoring;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
 * For OpenAI's API ({@code openai:MODEL}) the last two are {@code OPENAI_API_KEY} alone, sent to
 * {@code OPENAI_BASE_URL} when that is set, as the openai Python client does; {@code OPENAI_ORG_ID} and
 * {@code OPENAI_PROJECT_ID} go along as its {@code OpenAI-Organization} and {@code OpenAI-Project} headers.
 */
public final class ApiKeys {

    /** Secrets by server ({@code host:port}). */
    @FunctionalInterface
    public interface SecretStore {
        Optional<String> lookup(String server);
    }

    private ApiKeys() {
    }

    /** The key, the headers that go with it, and how to supply a key, for a {@link ServerClient}. */
    public static ServerClient.Credentials credentials(ServerSpec spec, Map<String, String> env, Path configDir,
                                                       SecretStore keyring) throws IOException {
        Optional<String> key = forServer(spec, env, configDir, keyring);
        String stored = "store it in the OS keyring as server " + spec.baseUrl().getRawAuthority();
        if (spec.protocol() != ServerSpec.Protocol.OPENAI_API) {
            return new ServerClient.Credentials(key, Map.of(), "set ISSTUDIO_API_KEY or " + stored);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        nonBlank(env, "OPENAI_ORG_ID").ifPresent(v -> headers.put("OpenAI-Organization", v));
        nonBlank(env, "OPENAI_PROJECT_ID").ifPresent(v -> headers.put("OpenAI-Project", v));
        return new ServerClient.Credentials(key, headers, "set OPENAI_API_KEY or " + stored);
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
        if (spec.protocol() == ServerSpec.Protocol.OPENAI_API) return nonBlank(env, "OPENAI_API_KEY");
        String key = env.get("ISSTUDIO_API_KEY");
        if ((key == null || key.isBlank()) && base.getHost().equalsIgnoreCase("api.openai.com")) key = env.get("OPENAI_API_KEY");
        return key == null || key.isBlank() ? Optional.empty() : Optional.of(key.strip());
    }

    private static Optional<String> nonBlank(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }
}
