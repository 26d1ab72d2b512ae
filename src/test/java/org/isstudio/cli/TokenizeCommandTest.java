package org.isstudio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isstudio.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizeCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Cli.standard().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsIdsTokensAndTheBosPolicy() {
        assertEquals(Cli.OK, run("tokenize", Golden.tokenizerDir("llama2").toString(), "Hello\nworld"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("BOS: adds <s> (id 1); start-token correction 1\n"), text);
        assertTrue(text.contains("4 tokens\n"), text);
        assertTrue(text.contains("0        1  '<s>'  (special)\n"), text);
        assertTrue(text.contains("2       13  '<0x0A>'\n3    11526  'world'\n"), text);
    }

    @Test
    void jsonFromAFileWithoutSpecialTokens() throws Exception {
        Path file = dir.resolve("text.txt");
        Files.writeString(file, "Hello world\r\n");
        assertEquals(Cli.OK, run("tokenize", Golden.tokenizerDir("opt").toString(), "--file", file.toString(),
                "--no-special", "--json"));
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals("[15500,999,205,202]", json.get("ids").toString());
        assertEquals("[\"Hello\",\"Ġworld\",\"č\",\"Ċ\"]", json.get("tokens").toString());
        assertEquals(2, json.get("bos").get("id").asInt());
        assertEquals(1, json.get("bos").get("start_token_correction").asInt());
        assertEquals("Hello world\r\n", json.get("decoded").asText());
    }

    @Test
    void idsAreShownAsTokensAndDecoded() {
        assertEquals(Cli.OK, run("tokenize", Golden.tokenizerDir("llama2").toString(), "--ids", "1, 15043,13,3186"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("1    15043  '▁Hello'\n"), text);
        // Llama 2's decoder strips one leading space of the whole text, which here starts with "<s>"
        assertTrue(text.endsWith("decoded: '<s> Hello\\n world'\n"), text);
        assertEquals(Cli.OK, run("tokenize", Golden.tokenizerDir("llama2").toString(), "--ids", "1,15043", "--no-special"));
        assertTrue(out.toString(StandardCharsets.UTF_8).endsWith("decoded: 'Hello'\n"));
        assertEquals(Cli.USAGE, run("tokenize", Golden.tokenizerDir("llama2").toString(), "--ids", "1,32000"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--ids: 32000 (item 2) is outside the vocabulary (0..31999)"));
    }

    @Test
    void usageErrors() {
        assertEquals(Cli.USAGE, run("tokenize"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("FOLDER is missing"));
        assertEquals(Cli.USAGE, run("tokenize", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("TEXT (or --file PATH, or --ids IDS) is missing"));
        assertEquals(Cli.USAGE, run("tokenize", dir.toString(), "x"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no tokenizer.json"), err.toString(StandardCharsets.UTF_8));
    }
}
