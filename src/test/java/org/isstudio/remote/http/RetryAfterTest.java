package org.isstudio.remote.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryAfterTest {

    private static Optional<Duration> of(Map<String, String> headers) {
        return RetryAfter.of(name -> headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst());
    }

    @Test
    void readsTheHeadersInTheOpenAiClientsOrder() {
        assertEquals(Optional.of(Duration.ofMillis(250)), of(Map.of("retry-after-ms", "250", "Retry-After", "3")));
        assertEquals(Optional.of(Duration.ofMillis(1500)), of(Map.of("retry-after", "1.5")));
        String inTenSeconds = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = of(Map.of("Retry-After", inTenSeconds)).orElseThrow();
        assertTrue(d.compareTo(Duration.ofSeconds(8)) > 0 && d.compareTo(Duration.ofSeconds(11)) < 0, d.toString());
        assertEquals(Optional.empty(), of(Map.of("Retry-After", "soon")));
        assertEquals(Optional.empty(), of(Map.of()));
    }

    @Test
    void waitsForTheRateLimitThatIsUsedUp() {
        Map<String, String> requestsOut = Map.of("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "120ms",
                "x-ratelimit-remaining-tokens", "40000", "x-ratelimit-reset-tokens", "6m0s");
        assertEquals(Optional.of(Duration.ofMillis(120)), of(requestsOut));
        Map<String, String> tokensOut = Map.of("x-ratelimit-remaining-requests", "59", "x-ratelimit-reset-requests", "1s",
                "x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "1m2.5s");
        assertEquals(Optional.of(Duration.ofMillis(62_500)), of(tokensOut));
        assertEquals(Optional.of(Duration.ofSeconds(3)), of(Map.of("x-ratelimit-reset-requests", "1s", "x-ratelimit-reset-tokens", "3s")),
                "unknown which: the later");
    }

    @Test
    void goDurations() {
        assertEquals(Optional.of(Duration.ofMillis(20)), RetryAfter.goDuration("20ms"));
        assertEquals(Optional.of(Duration.ofSeconds(3723).plusMillis(500)), RetryAfter.goDuration("1h2m3.5s"));
        assertEquals(Optional.of(Duration.ofMinutes(6)), RetryAfter.goDuration("6m0s"));
        assertEquals(Optional.empty(), RetryAfter.goDuration("6 minutes"));
        assertEquals(Optional.empty(), RetryAfter.goDuration(""));
    }
}
