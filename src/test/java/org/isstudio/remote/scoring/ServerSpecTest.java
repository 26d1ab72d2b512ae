package org.isstudio.remote.scoring;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerSpecTest {

    @Test
    void parsesTheForms() {
        ServerSpec v = ServerSpec.parse("vllm+http://gpu-box:8000/v1#meta-llama/Llama-3.1-70B");
        assertEquals(ServerSpec.Protocol.VLLM, v.protocol());
        assertEquals("http://gpu-box:8000/v1", v.baseUrl().toString());
        assertEquals(Optional.of("meta-llama/Llama-3.1-70B"), v.model());

        assertEquals("https://host/api/v1", ServerSpec.parse("openai+https://host/api/v1/completions#m").baseUrl().toString());
        assertEquals("http://h:30000/v1", ServerSpec.parse("sglang+http://h:30000/#m").baseUrl().toString());
        ServerSpec tgi = ServerSpec.parse("tgi+http://127.0.0.1:8080");
        assertEquals("http://127.0.0.1:8080", tgi.baseUrl().toString());
        assertEquals(Optional.empty(), tgi.model());
        assertEquals(ServerSpec.Protocol.AUTO, ServerSpec.parse("http://h:8000#m").protocol());
        assertEquals("vllm+http://gpu-box:8000/v1#m", ServerSpec.parse("VLLM+http://gpu-box:8000#m").toString());
    }

    @Test
    void openAisApiIsNamedByItsModelAndFoundWhereOpenAiBaseUrlSays() {
        ServerSpec d = ServerSpec.parse("openai:davinci-002", Map.of());
        assertEquals(ServerSpec.Protocol.OPENAI_API, d.protocol());
        assertEquals("https://api.openai.com/v1", d.baseUrl().toString());
        assertEquals(Optional.of("davinci-002"), d.model());
        assertEquals("openai:davinci-002", d.toString());
        assertEquals("davinci-002", d.displayName());
        assertTrue(ServerSpec.looksLikeServer("openai:babbage-002"));
        assertTrue(ServerSpec.looksLikeServer("OpenAI:ft:davinci-002:org::id"));
        assertEquals(Optional.of("ft:davinci-002:org::id"), ServerSpec.parse("OpenAI:ft:davinci-002:org::id", Map.of()).model());

        ServerSpec proxied = ServerSpec.parse("openai:davinci-002", Map.of("OPENAI_BASE_URL", "http://127.0.0.1:4000/v1/"));
        assertEquals("http://127.0.0.1:4000/v1", proxied.baseUrl().toString());
        assertEquals("openai:davinci-002 at http://127.0.0.1:4000/v1", proxied.toString());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerSpec.parse("openai:", Map.of())).getMessage()
                .contains("e.g. openai:davinci-002"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerSpec.parse("openai:davinci-002",
                Map.of("OPENAI_BASE_URL", "api.example.com"))).getMessage().startsWith("OPENAI_BASE_URL=api.example.com is not"));
    }

    @Test
    void theOpenAiHostMeansOpenAisApiWhateverThePrefix() {
        ServerSpec s = RemoteBackends.openAiApiIfItsHost(ServerSpec.parse("openai+https://api.openai.com/v1#davinci-002"));
        assertEquals(ServerSpec.Protocol.OPENAI_API, s.protocol());
        assertEquals("openai:davinci-002", s.toString());
        ServerSpec vllm = ServerSpec.parse("vllm+http://gpu:8000/v1#m");
        assertEquals(vllm, RemoteBackends.openAiApiIfItsHost(vllm));
    }

    @Test
    void refusesWhatCannotWork() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerSpec.parse("vllm+http://h:8000/v1"))
                .getMessage().contains("name the served model after '#'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerSpec.parse("ollama+http://h#m"))
                .getMessage().contains("unknown server kind"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerSpec.parse("http://user:key@h/v1#m"))
                .getMessage().contains("never from the URL"));
        assertThrows(IllegalArgumentException.class, () -> ServerSpec.parse("ftp://h#m"));
    }
}
