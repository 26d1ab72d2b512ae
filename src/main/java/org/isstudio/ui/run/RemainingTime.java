package org.isstudio.ui.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Estimates how long scoring has left from the rate of the last {@code window}: items done per second between the
 * oldest sample in the window and now. A moving window follows the real rate as it changes (the next model is ten
 * times larger; a cached run finishes in a blink), and measuring up to now lets a stall, such as a model loading,
 * slow the estimate down instead of freezing it.
 */
public final class RemainingTime {

    private record Sample(long nanos, long done) {
    }

    private final LongSupplier clock;
    private final long windowNanos;
    private final List<Sample> samples = new ArrayList<>();
    private long total;

    /** @param clock nanoseconds, as {@link System#nanoTime} */
    public RemainingTime(LongSupplier clock, Duration window) {
        this.clock = clock;
        this.windowNanos = window.toNanos();
    }

    /** Items done of all the run needs now; fewer done than before (edited rows to score again) starts over. */
    public void record(long done, long total) {
        long now = clock.getAsLong();
        if (!samples.isEmpty() && done < samples.getLast().done()) samples.clear();
        this.total = total;
        samples.add(new Sample(now, done));
        // keep one sample older than the window: the rate is measured from it
        while (samples.size() > 1 && now - samples.get(1).nanos() >= windowNanos) samples.removeFirst();
    }

    /** Forgets the rate: after a pause the time spent paused says nothing about speed. */
    public void reset() {
        samples.clear();
    }

    /** Empty until there is a rate to go by (two samples with progress between them). */
    public Optional<Duration> estimate() {
        if (samples.size() < 2) return Optional.empty();
        Sample first = samples.getFirst();
        Sample last = samples.getLast();
        long elapsed = clock.getAsLong() - first.nanos();
        long progress = last.done() - first.done();
        if (progress <= 0 || elapsed <= 0) return Optional.empty();
        double left = Math.max(0, total - last.done());
        return Optional.of(Duration.ofNanos(Math.round(left * elapsed / progress)));
    }

    /** "about 40 s left", "about 12 min left", "about 2 h 5 min left"; coarse, since the rate is an estimate. */
    public static String describe(Duration d) {
        long s = d.toSeconds();
        if (s < 10) return "a few seconds left";
        if (s < 60) return String.format(Locale.ROOT, "about %d s left", Math.round(s / 10.0) * 10);
        long min = Math.round(s / 60.0);
        if (min < 60) return String.format(Locale.ROOT, "about %d min left", min);
        return String.format(Locale.ROOT, "about %d h %d min left", min / 60, min % 60);
    }
}
