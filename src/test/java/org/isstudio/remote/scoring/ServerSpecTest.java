package org.isstudio.remote.scoring;

import org.junit.jupiter.api.Test;

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
