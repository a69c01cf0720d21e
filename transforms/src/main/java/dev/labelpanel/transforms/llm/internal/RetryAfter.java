package dev.labelpanel.transforms.llm.internal;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The server's requested pause: {@code retry-after-ms} (milliseconds, as OpenAI-style servers send it; preferred
 * when present and readable) or {@code Retry-After}, delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 */
final class RetryAfter {
    private RetryAfter() {}

    /** The delay in nanoseconds from a response's headers (0 for a date in the past), or -1 when none is readable. */
    static long parseNanos(okhttp3.Headers headers, long nowMillis) {
        String ms = headers.get("retry-after-ms");
        if (ms != null && !ms.isBlank()) {
            try {
                double value = Double.parseDouble(ms.trim());
                if (value >= 0 && !Double.isInfinite(value)) {
                    return (long) (value * 1e6);
                }
            } catch (NumberFormatException unreadable) {
                // fall back to Retry-After
            }
        }
        return parseNanos(headers.get("Retry-After"), nowMillis);
    }

    /** The delay in nanoseconds (0 for a date in the past), or -1 when the header is absent or unreadable. */
    static long parseNanos(String value, long nowMillis) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        String text = value.trim();
        try {
            return Math.max(0, (long) (Double.parseDouble(text) * 1e9));
        } catch (NumberFormatException notSeconds) {
            try {
                long atMillis = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant()
                        .toEpochMilli();
                return Math.max(0, atMillis - nowMillis) * 1_000_000L;
            } catch (DateTimeParseException notADate) {
                return -1;
            }
        }
    }
}
