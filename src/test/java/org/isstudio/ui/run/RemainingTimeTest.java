package org.isstudio.ui.run;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RemainingTimeTest {

    private long now;
    private final RemainingTime time = new RemainingTime(() -> now, Duration.ofSeconds(30));

    private void at(long seconds, long done, long total) {
        now = Duration.ofSeconds(seconds).toNanos();
        time.record(done, total);
    }

    private void clockAt(long seconds) {
        now = Duration.ofSeconds(seconds).toNanos();
    }

    @Test
    void noEstimateUntilThereIsARate() {
        assertEquals(Optional.empty(), time.estimate());
        at(0, 0, 100);
        assertEquals(Optional.empty(), time.estimate(), "one sample has no rate");
        at(5, 0, 100);
        assertEquals(Optional.empty(), time.estimate(), "no progress yet (a model loading)");
    }

    @Test
    void theRateOfTheLastWindowGivesTheTimeLeft() {
        at(0, 0, 100);
        at(10, 20, 100);
        assertEquals(Optional.of(Duration.ofSeconds(40)), time.estimate(), "2 items a second, 80 to go");

        // the next model is slower: 1 item a second from 40 s on; the window forgets the fast start
        at(40, 80, 200);
        at(70, 110, 200);
        assertEquals(Optional.of(Duration.ofSeconds(90)), time.estimate(), "30 items in the last 30 s, 90 to go");
    }

    @Test
    void aStallSlowsTheEstimateDown() {
        at(0, 0, 100);
        at(10, 50, 100);
        assertEquals(Optional.of(Duration.ofSeconds(10)), time.estimate());
        clockAt(20);
        assertEquals(Optional.of(Duration.ofSeconds(20)), time.estimate(), "50 items in 20 s up to now");
    }

    @Test
    void lessDoneThanBeforeOrAPauseStartsOver() {
        at(0, 0, 100);
        at(10, 50, 100);
        at(11, 40, 100);
        assertEquals(Optional.empty(), time.estimate(), "edited rows dropped results: the old rate is not this run's");
        at(21, 60, 100);
        assertEquals(Optional.of(Duration.ofSeconds(20)), time.estimate());
        time.reset();
        at(100, 61, 100);
        assertEquals(Optional.empty(), time.estimate(), "the paused minutes are not a rate");
    }

    @Test
    void describedCoarsely() {
        assertEquals("a few seconds left", RemainingTime.describe(Duration.ofSeconds(4)));
        assertEquals("about 40 s left", RemainingTime.describe(Duration.ofSeconds(37)));
        assertEquals("about 12 min left", RemainingTime.describe(Duration.ofSeconds(12 * 60 + 20)));
        assertEquals("about 2 h 5 min left", RemainingTime.describe(Duration.ofMinutes(125)));
    }
}
