package dev.labelpanel.transforms.llm.internal;

import dev.labelpanel.transforms.llm.LlmEndpoint;

/**
 * The endpoint's circuit breaker, closed, open or half-open.
 *
 * <ul>
 *   <li><b>Closed</b>: attempts go out. It opens when the endpoint has had no successful call for {@code window}
 *       while at least {@code minFailures} attempts failed (429s are not failures here: a throttled endpoint is up).
 *       It counts attempts, not calls, because with backoff a single call against a dead endpoint takes minutes to
 *       fail.
 *   <li><b>Open</b>: every attempt fails at once ({@link #admit} returns the reason), so a run stops with a clear
 *       error instead of labelling every item through the gap filler, and the endpoint gets a rest. After
 *       {@code cooldown} it turns half-open.
 *   <li><b>Half-open</b>: exactly one attempt, the probe, goes out; the others fail at once as while open. The
 *       probe's success (or a 429: the endpoint answers) closes the breaker; its failure opens it for another
 *       cool-down. A probe that reports nothing within a cool-down (its call ended otherwise) frees the slot.
 * </ul>
 *
 * A long-lived JVM (watch mode, a cluster worker whose bundle is retried) therefore uses an endpoint again once it is
 * back, instead of failing every call for the rest of its life. Thread-safe.
 */
final class EndpointBreaker {
    enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final long windowNanos;
    private final int minFailures;
    private final long cooldownNanos;
    private State state = State.CLOSED;
    private long lastSuccessNanos;
    private long openedAtNanos;
    private long probeStartedNanos;
    private boolean probeOut;
    private int failuresSinceSuccess;
    private String lastError = "none";

    EndpointBreaker(LlmEndpoint endpoint, long nowNanos) {
        this.windowNanos = endpoint.breakerWindow().toNanos();
        this.minFailures = endpoint.breakerMinFailures();
        this.cooldownNanos = endpoint.breakerCooldown().toNanos();
        this.lastSuccessNanos = nowNanos;
    }

    /** An attempt succeeded: the breaker closes. */
    synchronized void success(long nowNanos) {
        lastSuccessNanos = Math.max(lastSuccessNanos, nowNanos);
        failuresSinceSuccess = 0;
        state = State.CLOSED;
        probeOut = false;
    }

    /** An attempt got a 429: not a failure, and proof enough that a half-open endpoint is up again. */
    synchronized void rateLimited(long nowNanos) {
        if (state == State.HALF_OPEN) {
            success(nowNanos);
        }
    }

    /** An attempt failed (not a 429). Returns true if this failure opened the breaker. */
    synchronized boolean failure(String description, long nowNanos) {
        failuresSinceSuccess++;
        lastError = description;
        if (state == State.HALF_OPEN) {
            open(nowNanos);
            return true;
        }
        if (state == State.CLOSED
                && failuresSinceSuccess >= minFailures
                && nowNanos - lastSuccessNanos >= windowNanos) {
            open(nowNanos);
            return true;
        }
        return false;
    }

    /**
     * Whether an attempt may go out now: null if it may (in half-open state it is then the probe), else why not, for
     * the exception message. Also trips a closed breaker whose window has passed without a success.
     */
    synchronized String admit(String endpointName, long nowNanos) {
        String reason = check(endpointName, nowNanos);
        if (reason == null && state == State.HALF_OPEN) {
            probeOut = true;
            probeStartedNanos = nowNanos;
        }
        return reason;
    }

    /** As {@link #admit} without taking the probe slot: for a call that only joins the queue. */
    synchronized String peek(String endpointName, long nowNanos) {
        return check(endpointName, nowNanos);
    }

    synchronized State state(long nowNanos) {
        check("", nowNanos);
        return state;
    }

    private String check(String endpointName, long nowNanos) {
        if (state == State.CLOSED
                && failuresSinceSuccess >= minFailures
                && nowNanos - lastSuccessNanos >= windowNanos) {
            open(nowNanos);
        }
        if (state == State.OPEN && nowNanos - openedAtNanos >= cooldownNanos) {
            state = State.HALF_OPEN;
            probeOut = false;
        }
        if (state == State.HALF_OPEN && probeOut && nowNanos - probeStartedNanos >= cooldownNanos) {
            probeOut = false;
        }
        if (state == State.CLOSED || (state == State.HALF_OPEN && !probeOut)) {
            return null;
        }
        long quietNanos = nowNanos - lastSuccessNanos;
        String next = state == State.OPEN
                ? "one probe call will test it in "
                        + Math.max(0, (openedAtNanos + cooldownNanos - nowNanos) / 1_000_000L) + " ms"
                : "a probe call is testing it now";
        return "endpoint " + endpointName + " has failed every call for " + (quietNanos / 1_000_000_000L) + " s ("
                + failuresSinceSuccess + " failed attempts, no success; " + next + "): last error: " + lastError;
    }

    private void open(long nowNanos) {
        state = State.OPEN;
        openedAtNanos = nowNanos;
        probeOut = false;
    }
}
