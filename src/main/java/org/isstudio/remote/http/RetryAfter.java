package org.isstudio.remote.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a server asks to be left alone after a 429 or 5xx, read as the openai Python client reads it:
 * {@code retry-after-ms}, then {@code Retry-After} (seconds or an HTTP date), then OpenAI's rate-limit headers
 * {@code x-ratelimit-reset-requests} / {@code x-ratelimit-reset-tokens} ({@code "20ms"}, {@code "1s"},
 * {@code "6m0s"}), taking the reset of the limit that is used up ({@code x-ratelimit-remaining-*} of 0), else
 * the later of the two.
 */
public final class RetryAfter {

    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private RetryAfter() {
    }

    public static Optional<Duration> of(Function<String, Optional<String>> header) {
        Optional<Duration> ms = header.apply("retry-after-ms").flatMap(v -> number(v).map(x -> Duration.ofNanos((long) (x * 1e6))));
        if (ms.isPresent()) return ms;
        Optional<Duration> after = header.apply("Retry-After").flatMap(RetryAfter::retryAfter);
        if (after.isPresent()) return after;
        Optional<Duration> requests = header.apply("x-ratelimit-reset-requests").flatMap(RetryAfter::goDuration);
        Optional<Duration> tokens = header.apply("x-ratelimit-reset-tokens").flatMap(RetryAfter::goDuration);
        boolean requestsOut = header.apply("x-ratelimit-remaining-requests").map(v -> v.strip().equals("0")).orElse(false);
        boolean tokensOut = header.apply("x-ratelimit-remaining-tokens").map(v -> v.strip().equals("0")).orElse(false);
        if (requestsOut != tokensOut) return requestsOut ? requests : tokens;
        if (requests.isEmpty()) return tokens;
        if (tokens.isEmpty()) return requests;
        return Optional.of(requests.get().compareTo(tokens.get()) >= 0 ? requests.get() : tokens.get());
    }

    /** A {@code Retry-After} value: seconds, possibly fractional, or an HTTP date (RFC 1123). */
    public static Optional<Duration> retryAfter(String v) {
        Optional<Double> seconds = number(v);
        if (seconds.isPresent()) return Optional.of(Duration.ofMillis((long) (seconds.get() * 1000)));
        try {
            Instant at = ZonedDateTime.parse(v.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(Instant.now(), at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Go's Duration.String(), which OpenAI's reset headers use: {@code 1h2m3.5s}, {@code 20ms}. */
    static Optional<Duration> goDuration(String v) {
        String s = v.strip();
        Matcher m = GO_DURATION.matcher(s);
        long nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double x = Double.parseDouble(m.group(1));
            nanos += (long) (x * switch (m.group(2)) {
                case "h" -> 3.6e12;
                case "m" -> 6e10;
                case "s" -> 1e9;
                default -> 1e6;
            });
            end = m.end();
        }
        return end == s.length() && end > 0 ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty();
    }

    private static Optional<Double> number(String v) {
        try {
            double x = Double.parseDouble(v.strip());
            return x >= 0 && Double.isFinite(x) ? Optional.of(x) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
