package dev.labelpanel.transforms.llm.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;

/**
 * OpenAI's {@code x-ratelimit-remaining-requests/-tokens} and {@code x-ratelimit-reset-requests/-tokens}: when a
 * remaining count reaches 0, the endpoint pauses ({@code 1s}, {@code 6m0s}, {@code 250ms}, {@code 1h2m3.5s}).
 * The reset is the time until the allowance is back to its full initial value, which for a continuously refilled
 * bucket is up to a minute; when {@code x-ratelimit-limit-*} is sent too, the pause is only the share of the reset
 * that refills one second's allowance (reset × (limit/60) / limit), so the endpoint does not idle for a minute
 * after every exhausted second.
 */
final class RateLimitHeaders {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private RateLimitHeaders() {}

    /** How long to pause the endpoint, in nanoseconds; 0 when nothing is exhausted (or the headers are absent). */
    static long pauseNanos(Headers headers) {
        return Math.max(exhaustedFor(headers, "requests"), exhaustedFor(headers, "tokens"));
    }

    private static long exhaustedFor(Headers headers, String kind) {
        String remaining = headers.get("x-ratelimit-remaining-" + kind);
        String reset = headers.get("x-ratelimit-reset-" + kind);
        if (remaining == null || reset == null) {
            return 0;
        }
        try {
            if (Double.parseDouble(remaining.trim()) > 0) {
                return 0;
            }
        } catch (NumberFormatException e) {
            return 0; // an unreadable hint is no reason to stop; the 429 path still protects the endpoint
        }
        long resetNanos = parseDurationNanos(reset);
        double limit = parseOrZero(headers.get("x-ratelimit-limit-" + kind));
        if (limit <= 0) {
            return resetNanos;
        }
        double share = Math.min(1.0, Math.max(1.0, Math.ceil(limit / 60)) / limit);
        return (long) (resetNanos * share);
    }

    private static double parseOrZero(String value) {
        try {
            return value == null ? 0 : Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Parses {@code 6m0s}-style durations (a bare number means seconds); 0 for anything unreadable. */
    static long parseDurationNanos(String value) {
        String text = value.trim();
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return (long) (Double.parseDouble(text) * 1e9);
        } catch (NumberFormatException ignoredNotABareNumber) {
            // fall through to the unit form
        }
        Matcher m = PART.matcher(text);
        double nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double amount = Double.parseDouble(m.group(1));
            nanos += amount
                    * switch (m.group(2)) {
                        case "h" -> 3600e9;
                        case "m" -> 60e9;
                        case "s" -> 1e9;
                        default -> 1e6;
                    };
            end = m.end();
        }
        return end == text.length() ? (long) nanos : 0;
    }
}
