package dev.labelpanel.transforms.llm.internal;

import java.util.function.DoubleSupplier;

/**
 * When to try a failed call again: exponential backoff with full jitter (a uniform draw in [0, min(cap, base * 2^n)),
 * AWS's "full jitter"), or exactly the server's {@code Retry-After} when it sent one; bounded by the attempt limit and
 * the call's deadline.
 */
final class RetryPolicy {
    static final long DEFAULT_BASE_NANOS = 500_000_000L;
    static final long DEFAULT_CAP_NANOS = 30_000_000_000L;

    private final int maxAttempts;
    private final long baseNanos;
    private final long capNanos;
    private final DoubleSupplier random;

    RetryPolicy(int maxAttempts, long baseNanos, long capNanos, DoubleSupplier random) {
        this.maxAttempts = maxAttempts;
        this.baseNanos = baseNanos;
        this.capNanos = capNanos;
        this.random = random;
    }

    /** The delay before the attempt after {@code failedAttempt} (1-based); {@code retryAfterNanos} < 0 = none sent. */
    long delayNanos(int failedAttempt, long retryAfterNanos) {
        if (retryAfterNanos >= 0) {
            return retryAfterNanos;
        }
        double ceiling = Math.min((double) capNanos, baseNanos * Math.pow(2, Math.min(failedAttempt - 1, 40)));
        return (long) (random.getAsDouble() * ceiling);
    }

    /** Whether another attempt may follow attempt {@code failedAttempt} after {@code delayNanos}. */
    boolean mayRetry(int failedAttempt, long delayNanos, long nowNanos, long deadlineNanos) {
        return failedAttempt < maxAttempts && nowNanos + delayNanos < deadlineNanos;
    }
}
