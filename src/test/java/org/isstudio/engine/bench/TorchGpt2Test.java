package org.isstudio.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.isstudio.engine.kernel.Kernels;
import org.isstudio.engine.kernel.Parallel;
import org.isstudio.testing.Golden;
import org.isstudio.testing.Python;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading torch_gpt2.py's answers; where a Python has torch, the script checked against transformers' own log-probs
 * (the golden gpt2-tiny) and the --torch baseline run end to end.
 */
class TorchGpt2Test {

    @Test
    void readsTheFiguresForEachLength() throws IOException {
        var run = new PythonRun(0, "a warning\n{\"torch\": \"1.13.0\", \"tokens_per_s\": {\"64\": 812.5, \"256\": 640.25}}");
        assertEquals(Map.of(64, 812.5, 256, 640.25), TorchGpt2.parse("py", run, List.of(64, 256)));
    }

    @Test
    void aPythonWithoutTorchIsToldSo() {
        var run = new PythonRun(TorchGpt2.NO_TORCH, "import failed: No module named 'torch'");
        IOException e = assertThrows(IOException.class, () -> TorchGpt2.parse("/opt/py", run, List.of(64)));
        assertTrue(e.getMessage().startsWith("/opt/py cannot import torch"), e.getMessage());
        assertTrue(e.getMessage().contains("No module named 'torch'"), e.getMessage());
    }

    @Test
    void aFailedOrIncompleteRunIsAnError() {
        var crashed = new PythonRun(1, "Traceback ...\nRuntimeError: out of memory");
        IOException e = assertThrows(IOException.class, () -> TorchGpt2.parse("py", crashed, List.of(64)));
        assertTrue(e.getMessage().contains("exit 1") && e.getMessage().contains("out of memory"), e.getMessage());
        var missing = new PythonRun(0, "{\"torch\": \"1.13.0\", \"tokens_per_s\": {\"64\": 812.5}}");
        e = assertThrows(IOException.class, () -> TorchGpt2.parse("py", missing, List.of(64, 256)));
        assertTrue(e.getMessage().contains("length 256"), e.getMessage());
    }

    @Test
    void theScriptComputesWhatTransformersComputes() throws Exception {
        Python.assumeModules("torch", "numpy");
        ObjectMapper json = new ObjectMapper();
        for (JsonNode c : Golden.expected("gpt2-tiny").get("cases")) {
            if (c.get("input_ids").size() < 2) continue;
            ObjectNode args = json.createObjectNode().put("model", Golden.modelDir("gpt2-tiny").toString()).put("threads", 1);
            args.set("logprobs_of", c.get("input_ids"));
            PythonRun run = PythonRun.of(Python.executable().toString(), TorchGpt2.SCRIPT, List.of(json.writeValueAsString(args)),
                    60, "log-probs");
            assertEquals(0, run.exit(), run.output());
            JsonNode got = json.readTree(run.lastLine()).get("token_logprobs"), want = c.get("token_logprobs");
            assertEquals(want.size(), got.size(), c.get("id").asText());
            for (int j = 0; j < want.size(); j++) {
                assertEquals(want.get(j).asDouble(), got.get(j).asDouble(), 1e-4, c.get("id").asText() + " token " + j);
            }
        }
    }

    @Test
    void theBenchSetsTheEngineAgainstTorchOnTheSameModel() throws Exception {
        Python.assumeModules("torch", "numpy"); // Debian's python3-torch; the pyenv python3 on PATH has none
        try (Parallel parallel = new Parallel(2)) {
            var options = new Bench.Options(new RandomGpt2(2, 2, 16, 512, 300), 256, 1, 0, null, Python.executable().toString(), 2);
            List<String> log = new ArrayList<>();
            Map<String, Object> r = new Bench(parallel, Kernels.best(parallel), log::add).run(options);
            assertEquals(2, r.get("rounds"));
            // the engine and its baseline take turns, so a burst of load cannot land on one side only
            List<String> turns = log.stream().filter(m -> m.startsWith("scoring")).map(m -> m.contains("PyTorch") ? "torch" : "engine").toList();
            assertEquals(List.of("engine", "engine", "torch", "engine", "engine", "torch"), turns, log.toString());
            double torch = (double) r.get("torch_tokens_per_s_256");
            assertTrue((double) r.get("torch_tokens_per_s_64") > 0 && torch > 0, r.toString());
            assertEquals((double) r.get("tokens_per_s_256") / torch, (double) r.get("tokens_per_s_256_vs_torch"), 0.01, r.toString());
        }
    }
}
