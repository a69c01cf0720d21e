package dev.labelpanel.simulator.server;

import dev.labelpanel.simulator.profile.RateLimitProfile;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A model's requests-per-minute and tokens-per-minute limits, enforced like a provider: token buckets that hold a
 * minute's allowance and refill continuously. Every decision carries OpenAI's {@code x-ratelimit-*} headers; a refused
 * request consumes nothing and says when to retry. The minute is simulated time, like every simulated wait: it lasts
 * 60 s times the latency scale, so the limits, the {@code x-ratelimit-reset-*} times and the wait before a retry all
 * follow the scale (at 0 a minute's allowance is back at once: the limits never refuse).
 */
final class RateLimiter {
    private static final double NANOS_PER_MINUTE = 60e9;

    private final RateLimitProfile limits;
    private final LongSupplier nanoClock;
    private final Bucket requests;
    private final Bucket tokens;

    RateLimiter(RateLimitProfile limits, LongSupplier nanoClock, double latencyScale) {
        this.limits = limits;
        this.nanoClock = nanoClock;
        long now = nanoClock.getAsLong();
        double minuteNanos = NANOS_PER_MINUTE * latencyScale;
        this.requests = new Bucket(limits.requestsPerMinute(), minuteNanos, now);
        this.tokens = new Bucket(limits.tokensPerMinute(), minuteNanos, now);
    }

    /** The verdict on one request, the real time until it would be allowed, and the headers to send. */
    record Decision(boolean allowed, long retryAfterMs, Map<String, String> headers) {}

    boolean enabled() {
        return limits.limitsRequests() || limits.limitsTokens();
    }

    synchronized Decision acquire(long requestTokens) {
        long now = nanoClock.getAsLong();
        requests.refill(now);
        tokens.refill(now);
        double tokensNeeded = Math.min(requestTokens, limits.tokensPerMinute());
        boolean allowed = (!limits.limitsRequests() || requests.available >= 1)
                && (!limits.limitsTokens() || tokens.available >= tokensNeeded);
        long waitNanos = 0;
        if (allowed) {
            requests.available -= 1;
            tokens.available -= tokensNeeded;
        } else {
            waitNanos = Math.max(
                    limits.limitsRequests() ? requests.nanosUntil(1) : 0,
                    limits.limitsTokens() ? tokens.nanosUntil(tokensNeeded) : 0);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (limits.limitsRequests()) {
            headers.put("x-ratelimit-limit-requests", String.valueOf(limits.requestsPerMinute()));
            headers.put("x-ratelimit-remaining-requests", String.valueOf((long) Math.floor(requests.available)));
            headers.put("x-ratelimit-reset-requests", duration(requests.nanosUntil(requests.capacity)));
        }
        if (limits.limitsTokens()) {
            headers.put("x-ratelimit-limit-tokens", String.valueOf(limits.tokensPerMinute()));
            headers.put("x-ratelimit-remaining-tokens", String.valueOf((long) Math.floor(tokens.available)));
            headers.put("x-ratelimit-reset-tokens", duration(tokens.nanosUntil(tokens.capacity)));
        }
        return new Decision(allowed, (long) Math.ceil(waitNanos / 1e6), headers);
    }

    /** OpenAI's reset format: {@code 120ms}, {@code 7s}, {@code 6m0s}. */
    static String duration(long nanos) {
        long ms = (long) Math.ceil(nanos / 1e6);
        if (ms < 1000) {
            return ms + "ms";
        }
        long seconds = (long) Math.ceil(ms / 1000.0);
        return seconds < 60 ? seconds + "s" : (seconds / 60) + "m" + (seconds % 60) + "s";
    }

    private static final class Bucket {
        final double capacity;
        final double minuteNanos;
        double available;
        long updatedNanos;

        Bucket(long perMinute, double minuteNanos, long now) {
            this.capacity = perMinute;
            this.minuteNanos = minuteNanos;
            this.available = perMinute;
            this.updatedNanos = now;
        }

        void refill(long now) {
            available = minuteNanos <= 0
                    ? capacity
                    : Math.min(capacity, available + (now - updatedNanos) * capacity / minuteNanos);
            updatedNanos = now;
        }

        long nanosUntil(double amount) {
            return capacity <= 0 || available >= amount ? 0 : (long) ((amount - available) * minuteNanos / capacity);
        }
    }
}
