package dev.labelpanel.transforms.llm.internal;

/**
 * The endpoint's requests-per-minute and tokens-per-minute budgets (0 = unlimited). A call reserves one request and
 * its estimated tokens (prompt characters / 4 + max_tokens) before it is sent, and settles with the reported usage.
 */
final class RateBudget {
    private final TokenBucket requests;
    private final TokenBucket tokens;

    RateBudget(long requestsPerMinute, long tokensPerMinute, long nowNanos) {
        this.requests = requestsPerMinute > 0 ? new TokenBucket(requestsPerMinute, nowNanos) : null;
        this.tokens = tokensPerMinute > 0 ? new TokenBucket(tokensPerMinute, nowNanos) : null;
    }

    /** Reserves one request and {@code estimatedTokens}, returning 0; or returns how long to wait, reserving nothing. */
    synchronized long tryReserve(long estimatedTokens, long nowNanos) {
        long wait = Math.max(
                requests == null ? 0 : requests.nanosUntil(1, nowNanos),
                tokens == null ? 0 : tokens.nanosUntil(estimatedTokens, nowNanos));
        if (wait > 0) {
            return wait;
        }
        if (requests != null) {
            requests.take(1, nowNanos);
        }
        if (tokens != null) {
            tokens.take(estimatedTokens, nowNanos);
        }
        return 0;
    }

    /** Corrects a reservation once the real usage is known (0 for a failed attempt: the request still counts). */
    synchronized void settle(long reservedTokens, long usedTokens) {
        if (tokens != null) {
            tokens.give(reservedTokens - usedTokens);
        }
    }

    /** Estimated tokens of a prompt of {@code promptChars} characters answered in up to {@code maxTokens}. */
    static long estimate(long promptChars, int maxTokens) {
        return (promptChars + 3) / 4 + maxTokens;
    }
}
