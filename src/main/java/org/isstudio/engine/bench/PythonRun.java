package org.isstudio.engine.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of a Python script in a subprocess, for the baselines the bench measures in the same run. */
record PythonRun(int exit, String output) {

    /**
     * Runs {@code python -c script args...} and returns its exit code and its stdout and stderr together.
     *
     * @param what what the script measures, for the error messages
     */
    static PythonRun of(String python, String script, List<String> args, int timeoutSeconds, String what) throws IOException {
        List<String> command = new ArrayList<>(List.of(python, "-c", script));
        command.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot start " + python + " to time " + what + ": " + e.getMessage(), e);
        }
        // read while it runs, so a chatty script cannot fill the pipe and stall
        var output = p.getInputStream();
        byte[][] bytes = new byte[1][];
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                bytes[0] = output.readAllBytes();
            } catch (IOException e) {
                bytes[0] = ("(output unreadable: " + e.getMessage() + ")").getBytes(StandardCharsets.UTF_8);
            }
        });
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(python + " did not finish timing " + what + " within " + timeoutSeconds + " s");
            }
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while timing " + what, e);
        }
        return new PythonRun(p.exitValue(), new String(bytes[0], StandardCharsets.UTF_8).strip());
    }

    /** The last line printed, where the scripts put their result. */
    String lastLine() {
        return output.lines().reduce((a, b) -> b).orElse("");
    }
}
