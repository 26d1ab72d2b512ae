package org.isstudio.remote.catalog;

import org.isstudio.engine.load.HfConfig;
import org.isstudio.model.AppPaths;
import org.isstudio.remote.hub.HubClient;
import org.isstudio.remote.sizing.ParameterCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogTest {

    static Catalog shipped() throws IOException {
        return Catalog.read(AppPaths.appDir().resolve("catalog/models.json"));
    }

    @Test
    void storedParameterCountsAgreeWithTheConfigs() throws IOException {
        int checked = 0;
        for (ModelSeries s : shipped().series()) {
            for (CatalogMember m : s.members()) {
                if (m.config().isEmpty()) continue;
                ParameterCount p = ParameterCount.of(HfConfig.parse(Path.of(m.name()), m.config().get().toString())).orElseThrow();
                assertEquals(p.total(), m.totalParameters(), m.name());
                assertEquals(p.nonEmbedding(), m.nonEmbeddingParameters(), m.name());
                checked++;
            }
        }
        assertEquals(59, checked);
    }

    @Test
    void everyRepositoryIdIsAValidHubId() throws IOException {
        for (ModelSeries s : shipped().series()) {
            for (CatalogMember m : s.members()) {
                m.repo().ifPresent(HubClient::validateRepoId);
                m.alsoCachedAs().forEach(HubClient::validateRepoId);
                assertEquals(!s.backend().equals(ModelSeries.LOCAL), m.repo().isEmpty(), m.name());
            }
        }
    }

    @Test
    void holdsTheFamiliesAuthorsCompare() throws IOException {
        Catalog c = shipped();
        assertEquals(List.of("gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl"), names(c, "gpt2"));
        assertEquals(List.of("gpt-neo-125m", "gpt-neo-1.3b", "gpt-neo-2.7b", "gpt-j-6b"), names(c, "gpt-neo"));
        assertEquals(List.of("pythia-70m", "pythia-160m", "pythia-410m", "pythia-1b", "pythia-1.4b", "pythia-2.8b",
                "pythia-6.9b", "pythia-12b"), names(c, "pythia"));
        assertEquals(8, names(c, "pythia-deduped").size());
        assertEquals(List.of("opt-125m", "opt-350m", "opt-1.3b", "opt-2.7b", "opt-6.7b", "opt-13b", "opt-30b", "opt-66b"), names(c, "opt"));
        assertEquals(7, names(c, "qwen2.5").size());
        assertEquals(List.of("smollm2-135m", "smollm2-360m", "smollm2-1.7b"), names(c, "smollm2"));
        assertEquals(List.of("llama-3.2-1b", "llama-3.2-3b"), names(c, "llama-3.2"));
        assertEquals(List.of("ada", "babbage", "curie", "davinci"), names(c, "gpt3"));
        assertEquals(List.of("babbage-002", "davinci-002"), names(c, "openai-base"));
        assertTrue(c.series("openai-base").orElseThrow().isOpenAiApi());
        // the contest's x positions (plot_loss.py size_dict)
        assertEquals(350_000_000L, c.member("opt-350m").orElseThrow().member().parameters());
        assertEquals(1_500_000_000L, c.member("gpt2-xl").orElseThrow().member().parameters());
        assertEquals(175_000_000_000L, c.member("davinci").orElseThrow().member().parameters());
    }

    @Test
    void instructSeriesArePairedWithTheirBaseSeries() throws IOException {
        Catalog c = shipped();
        int pairs = 0;
        for (ModelSeries s : c.series()) {
            if (s.pairedWith().isEmpty()) continue;
            ModelSeries other = c.series(s.pairedWith().get()).orElseThrow();
            assertEquals(s.name(), other.pairedWith().orElseThrow(), "pairing is mutual");
            assertEquals(s.members().stream().map(CatalogMember::parameters).toList(),
                    other.members().stream().map(CatalogMember::parameters).toList(), "paired series have the same sizes");
            if (s.tuning().equals("instruct")) pairs++;
        }
        assertEquals(3, pairs);
    }

    @Test
    void mistakesNameTheFileAndTheField(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("models.json");
        Files.writeString(f, """
                {"schema": 1, "series": [{"name": "mine", "title": "Mine", "members": [
                  {"name": "a", "repo": "me/a", "size": "1M", "parameters": 1000000},
                  {"name": "b", "repo": "me/b", "size": "2M"}]}]}""");
        IOException e = assertThrows(IOException.class, () -> Catalog.read(f));
        assertEquals(f + ": series[0].members[1].parameters: must be a positive parameter count", e.getMessage());

        Files.writeString(f, """
                {"schema": 1, "series": [{"name": "mine", "title": "Mine", "members": [
                  {"name": "a", "repo": "me/a", "size": "2M", "parameters": 2000000},
                  {"name": "b", "repo": "me/b", "size": "1M", "parameters": 1000000}]}]}""");
        assertEquals(f + ": series[0].members[1].parameters: members must be ordered by size",
                assertThrows(IOException.class, () -> Catalog.read(f)).getMessage());

        Files.writeString(f, """
                {"schema": 1, "series": [{"name": "mine", "title": "Mine", "backend": "remote", "members": [
                  {"name": "a", "repo": "me/a", "size": "1M", "parameters": 1000000}]}]}""");
        assertEquals(f + ": series[0].backend: must be one of local, openai, reference, was \"remote\"",
                assertThrows(IOException.class, () -> Catalog.read(f)).getMessage());

        Files.writeString(f, """
                {"schema": 1, "series": [{"name": "mine", "title": "Mine", "members": [
                  {"name": "a", "size": "1M", "parameters": 1000000}]}]}""");
        assertEquals(f + ": series[0].members[0].repo: missing (a Hub repository id is required for a local series)",
                assertThrows(IOException.class, () -> Catalog.read(f)).getMessage());

        Files.writeString(f, "{\"schema\": 1, \"series\": [\n{\"name\": \"x\",}]}");
        assertTrue(assertThrows(IOException.class, () -> Catalog.read(f)).getMessage().startsWith(f + ":2:"));
    }

    @Test
    void usersAddTheirOwnSeriesInTheSettingsFolder() throws IOException {
        Path user = AppPaths.configDir().resolve("models.json");
        Files.createDirectories(user.getParent());
        try {
            Files.writeString(user, """
                    {"schema": 1, "series": [{"name": "mine", "title": "Mine", "members": [
                      {"name": "mine-s", "repo": "me/s", "size": "10M", "parameters": 10000000}]}]}""");
            Catalog c = Catalog.standard();
            assertEquals("me/s", c.member("mine-s").orElseThrow().member().repo().orElseThrow());
            assertTrue(c.series("pythia").isPresent());
            Files.writeString(user, """
                    {"schema": 1, "series": [{"name": "Pythia", "title": "Mine", "members": [
                      {"name": "x", "repo": "me/s", "size": "10M", "parameters": 10000000}]}]}""");
            assertEquals(user + ": series \"Pythia\" is defined twice",
                    assertThrows(IOException.class, Catalog::standard).getMessage());
        } finally {
            Files.deleteIfExists(user);
        }
    }

    private static List<String> names(Catalog c, String series) {
        return c.series(series).orElseThrow().members().stream().map(CatalogMember::name).toList();
    }
}
