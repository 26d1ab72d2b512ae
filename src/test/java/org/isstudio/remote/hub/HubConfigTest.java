package org.isstudio.remote.hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HubConfigTest {

    @TempDir
    Path home;

    @Test
    void defaultsMatchHuggingfaceHub() {
        HubConfig c = HubConfig.fromEnvironment(Map.of(), home);
        assertEquals(URI.create("https://huggingface.co"), c.endpoint());
        assertEquals(home.resolve(".cache/huggingface/hub"), c.cacheDir());
        assertEquals(Optional.empty(), c.token());
        assertFalse(c.offline());
    }

    @Test
    void environmentOverridesInHuggingfaceHubsOrder() throws IOException {
        assertEquals(Path.of("/x/huggingface/hub"), HubConfig.fromEnvironment(Map.of("XDG_CACHE_HOME", "/x"), home).cacheDir());
        assertEquals(Path.of("/hf/hub"), HubConfig.fromEnvironment(Map.of("HF_HOME", "/hf", "XDG_CACHE_HOME", "/x"), home).cacheDir());
        assertEquals(Path.of("/c"), HubConfig.fromEnvironment(Map.of("HF_HOME", "/hf", "HF_HUB_CACHE", "/c"), home).cacheDir());
        assertEquals(Path.of("/legacy"), HubConfig.fromEnvironment(Map.of("HUGGINGFACE_HUB_CACHE", "/legacy"), home).cacheDir());
        assertEquals(URI.create("https://hf-mirror.com"),
                HubConfig.fromEnvironment(Map.of("HF_ENDPOINT", "https://hf-mirror.com/"), home).endpoint());
        for (String on : new String[]{"1", "ON", "yes", "True"}) {
            assertTrue(HubConfig.fromEnvironment(Map.of("HF_HUB_OFFLINE", on), home).offline(), on);
        }
        assertFalse(HubConfig.fromEnvironment(Map.of("HF_HUB_OFFLINE", "0"), home).offline());

        Path tokenFile = home.resolve(".cache/huggingface/token");
        Files.createDirectories(tokenFile.getParent());
        Files.writeString(tokenFile, "hf_from_file\n");
        assertEquals(Optional.of("hf_from_file"), HubConfig.fromEnvironment(Map.of(), home).token());
        assertEquals(Optional.of("hf_env"), HubConfig.fromEnvironment(Map.of("HF_TOKEN", "hf_env"), home).token());
    }

    @Test
    void onlyTheHubHostCountsAsTheHub() {
        HubConfig c = HubConfig.fromEnvironment(Map.of(), home);
        assertTrue(c.isHubUrl(URI.create("https://huggingface.co/gpt2/resolve/main/config.json")));
        assertTrue(c.isHubUrl(URI.create("https://HUGGINGFACE.CO:443/api/models/gpt2")));
        assertFalse(c.isHubUrl(URI.create("https://cdn-lfs.huggingface.co/repos/ab/cd")));
        assertFalse(c.isHubUrl(URI.create("http://huggingface.co/gpt2")));
        assertFalse(c.isHubUrl(URI.create("https://huggingface.co.evil.example/gpt2")));
    }
}
