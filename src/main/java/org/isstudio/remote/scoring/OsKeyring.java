package org.isstudio.remote.scoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * API keys kept in the operating system's keyring, one per server, read with the platform's own tool so that
 * no native library is needed: {@code secret-tool} (libsecret: GNOME Keyring, KWallet) on Linux and
 * {@code security} (the login keychain) on macOS. Store a key with
 * <pre>
 * secret-tool store --label="isstudio gpu-box:8000" service isstudio server gpu-box:8000
 * security add-generic-password -s isstudio -a gpu-box:8000 -w
 * </pre>
 * Windows' Credential Manager has no command that prints a password, so there keys come from the environment.
 */
public final class OsKeyring implements ApiKeys.SecretStore {

    static final String SERVICE = "isstudio";

    private final String os;

    public OsKeyring() {
        this(System.getProperty("os.name", ""));
    }

    OsKeyring(String osName) {
        this.os = osName.toLowerCase(Locale.ROOT);
    }

    /** The command that prints the key of a server ({@code host:port}), or empty where there is none. */
    Optional<List<String>> command(String server) {
        if (os.contains("linux")) return Optional.of(List.of("secret-tool", "lookup", "service", SERVICE, "server", server));
        if (os.contains("mac")) return Optional.of(List.of("security", "find-generic-password", "-s", SERVICE, "-a", server, "-w"));
        return Optional.empty();
    }

    @Override
    public Optional<String> lookup(String server) {
        Optional<List<String>> command = command(server);
        if (command.isEmpty()) return Optional.empty();
        try {
            Process p = new ProcessBuilder(command.get()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            // a locked keyring may prompt the user; do not wait for ever
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            // the tool is not installed: no keyring
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
