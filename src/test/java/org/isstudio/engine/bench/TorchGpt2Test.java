package org.isstudio.engine.bench;

import org.isstudio.engine.kernel.Kernels;
import org.isstudio.engine.kernel.Parallel;
import org.isstudio.testing.Python;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading torch_gpt2.py's answers, and the --torch baseline run end to end where a Python has torch. */
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
    void theBenchSetsTheEngineAgainstTorchOnTheSameModel() throws Exception {
        Python.assumeModules("torch", "numpy"); // Debian's python3-torch; the pyenv python3 on PATH has none
        try (Parallel parallel = new Parallel(2)) {
            var options = new Bench.Options(new RandomGpt2(2, 2, 16, 512, 300), 256, 1, 0, null, Python.executable().toString());
            Map<String, Object> r = new Bench(parallel, Kernels.best(parallel), m -> { }).run(options);
            double torch = (double) r.get("torch_tokens_per_s_256");
            assertTrue((double) r.get("torch_tokens_per_s_64") > 0 && torch > 0, r.toString());
            assertEquals((double) r.get("tokens_per_s_256") / torch, (double) r.get("tokens_per_s_256_vs_torch"), 0.01, r.toString());
        }
    }
}
