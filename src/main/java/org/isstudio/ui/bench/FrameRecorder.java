package org.isstudio.ui.bench;

import javafx.animation.AnimationTimer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JavaFX pulse as the author sees it: an animation timer keeps a pulse asked for on every frame, and the time
 * between two of its calls is a frame interval. Nothing else runs on the FX thread between pulses' work, so the
 * longest interval is the longest the window stood still. Intervals are kept per phase of the benchmark. FX thread
 * only.
 */
final class FrameRecorder extends AnimationTimer {

    private final Map<String, List<Double>> phases = new LinkedHashMap<>();
    private List<Double> current;
    private long last = -1;

    /** Following intervals belong to {@code name}. */
    void phase(String name) {
        current = phases.computeIfAbsent(name, k -> new ArrayList<>());
    }

    @Override
    public void handle(long now) {
        if (last >= 0 && current != null) current.add((now - last) / 1e6);
        last = now;
    }

    /** Each phase's intervals in milliseconds, in the order the phases began. */
    Map<String, List<Double>> intervals() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        phases.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }
}
