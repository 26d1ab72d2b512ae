package org.isstudio.cli;

import org.isstudio.eval.EvalModel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EvaluationProgressTest {

    @Test
    void aModelThatWillNotFitIsAnnouncedOnItsOwnLineBeforeLoading() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        EvalModel big = new EvalModel("pythia-12b", "pythia-12b", "pythia", 12_000_000_000L, (progress, cancel) -> {
            throw new AssertionError("not opened here");
        });
        EvaluationProgress progress = new EvaluationProgress(err, false);
        progress.modelOpening(big, -1);
        progress.modelWarning(big, "pythia-12b needs about 25.8 GB of memory, this machine has 16.0 GB");
        assertEquals("loading pythia-12b\nwarning: pythia-12b needs about 25.8 GB of memory, this machine has 16.0 GB\n",
                bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
