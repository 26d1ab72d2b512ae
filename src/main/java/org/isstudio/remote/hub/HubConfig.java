package org.isstudio.remote.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the Hub is and where its files are cached, read from the same environment variables, with the same
 * defaults, as Python's huggingface_hub ({@code huggingface_hub/constants.py}), so that a model downloaded by
 * either is found by the other.
 *
 * @param endpoint the Hub ({@code HF_ENDPOINT}, default https://huggingface.co), without a trailing slash
 * @param cacheDir the hub cache ({@code HF_HUB_CACHE}, else {@code HF_HOME/hub}, else
 *                 {@code $XDG_CACHE_HOME/huggingface/hub} or {@code ~/.cache/huggingface/hub})
 * @param token    {@code HF_TOKEN}, else the file {@code HF_TOKEN_PATH} or {@code HF_HOME/token} as written by
 *                 {@code huggingface-cli login}
 * @param offline  {@code HF_HUB_OFFLINE}: answer from the cache only, never touch the network
 */
public record HubConfig(URI endpoint, Path cacheDir, Optional<String> token, boolean offline) {

    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    public HubConfig {
        String e = endpoint.toString();
        if (e.endsWith("/")) endpoint = URI.create(e.substring(0, e.length() - 1));
        token = token.map(String::strip).filter(t -> !t.isEmpty());
    }

    public static HubConfig fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public static HubConfig fromEnvironment(Map<String, String> env, Path userHome) {
        Path hfHome = Optional.ofNullable(nonBlank(env.get("HF_HOME"))).map(HubConfig::expandHome)
                .orElseGet(() -> Optional.ofNullable(nonBlank(env.get("XDG_CACHE_HOME"))).map(Path::of)
                        .orElse(userHome.resolve(".cache")).resolve("huggingface"));
        String cache = firstNonBlank(env.get("HF_HUB_CACHE"), env.get("HUGGINGFACE_HUB_CACHE"));
        Path cacheDir = cache != null ? expandHome(cache) : hfHome.resolve("hub");
        String endpoint = firstNonBlank(env.get("HF_ENDPOINT"), DEFAULT_ENDPOINT);
        Optional<String> token = Optional.ofNullable(firstNonBlank(env.get("HF_TOKEN"), env.get("HUGGING_FACE_HUB_TOKEN")));
        if (token.isEmpty()) {
            String tokenPath = nonBlank(env.get("HF_TOKEN_PATH"));
            token = readToken(tokenPath != null ? expandHome(tokenPath) : hfHome.resolve("token"));
        }
        return new HubConfig(URI.create(endpoint), cacheDir, token, isTrue(env.get("HF_HUB_OFFLINE")));
    }

    /** Whether a URL is on the Hub itself (same scheme, host and port): only there is the token sent. */
    public boolean isHubUrl(URI uri) {
        return endpoint.getScheme().equalsIgnoreCase(uri.getScheme())
                && endpoint.getHost().equalsIgnoreCase(uri.getHost())
                && effectivePort(endpoint) == effectivePort(uri);
    }

    private static int effectivePort(URI u) {
        if (u.getPort() != -1) return u.getPort();
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static Optional<String> readToken(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    // huggingface_hub's _is_true: "1", "ON", "YES", "TRUE" in any case
    private static boolean isTrue(String v) {
        return v != null && switch (v.strip().toUpperCase(Locale.ROOT)) {
            case "1", "ON", "YES", "TRUE" -> true;
            default -> false;
        };
    }

    private static Path expandHome(String p) {
        return p.startsWith("~/") ? Path.of(System.getProperty("user.home")).resolve(p.substring(2)) : Path.of(p);
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String firstNonBlank(String a, String b) {
        return nonBlank(a) != null ? a : nonBlank(b);
    }
}
