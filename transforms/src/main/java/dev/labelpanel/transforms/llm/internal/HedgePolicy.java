package dev.labelpanel.transforms.llm.internal;

import dev.labelpanel.transforms.llm.LlmEndpoint;
import java.util.Arrays;

/**
 * When an endpoint's attempt gets a backup copy (a hedge), and how many may: the endpoint's recent latency (the
 * {@value #WINDOW} last successful attempts) gives the delay — its p{@value #PERCENTILE}, kept between the endpoint's
 * {@code hedgeMinDelay} and {@code hedgeMaxDelay}, and no hedging before {@value #MIN_SAMPLES} latencies are known —
 * and the load bound keeps hedges at most {@code hedgeFraction} of the calls started. One per client (endpoint, JVM).
 */
final class HedgePolicy {
    static final int WINDOW = 200;
    static final int MIN_SAMPLES = 20;
    static final int PERCENTILE = 95;

    private final double fraction;
    private final long minDelayNanos;
    private final long maxDelayNanos;
    private final long[] latencies = new long[WINDOW];
    private int samples;
    private int next;
    private long cachedDelayNanos = -1;
    private int sinceCached = MIN_SAMPLES;
    private long calls;
    private long hedges;

    HedgePolicy(LlmEndpoint endpoint) {
        this.fraction = endpoint.hedgeFraction();
        this.minDelayNanos = endpoint.hedgeMinDelay().toNanos();
        this.maxDelayNanos = endpoint.hedgeMaxDelay().toNanos();
    }

    /** A call started (the base of the load bound). */
    synchronized void callStarted() {
        calls++;
    }

    /** The latency of a successful attempt, in nanoseconds. */
    synchronized void succeeded(long latencyNanos) {
        latencies[next] = latencyNanos;
        next = (next + 1) % WINDOW;
        samples = Math.min(WINDOW, samples + 1);
        sinceCached = Math.min(MIN_SAMPLES, sinceCached + 1);
    }

    /** How long an attempt may be in flight before it is hedged, or -1: no hedging (off, or too few latencies yet). */
    synchronized long delayNanos() {
        if (fraction <= 0 || samples < MIN_SAMPLES) {
            return -1;
        }
        if (sinceCached >= MIN_SAMPLES) { // sorting the window on every attempt showed in profiles; every 20 is enough
            long[] sorted = Arrays.copyOf(latencies, samples);
            Arrays.sort(sorted);
            long p = sorted[Math.min(samples - 1, (int) Math.ceil(samples * PERCENTILE / 100.0) - 1)];
            cachedDelayNanos = Math.max(minDelayNanos, Math.min(maxDelayNanos, p));
            sinceCached = 0;
        }
        return cachedDelayNanos;
    }

    /** Takes one hedge from the load bound if one more stays within {@code fraction} of the calls; else false. */
    synchronized boolean reserve() {
        if (fraction <= 0 || hedges + 1 > fraction * calls) {
            return false;
        }
        hedges++;
        return true;
    }

    /** Gives back a hedge {@link #reserve()}d but not sent (no free slot or budget). */
    synchronized void unreserve() {
        hedges--;
    }

    synchronized long hedges() {
        return hedges;
    }
}
