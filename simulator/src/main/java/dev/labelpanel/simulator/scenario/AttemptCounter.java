package dev.labelpanel.simulator.scenario;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts identical requests per server instance, so each retry of a call is a new attempt with its own fault draw.
 * Holds one small entry per distinct request for the server's lifetime.
 */
final class AttemptCounter {
    private final ConcurrentHashMap<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();

    /** The attempt number of this request: 1 the first time it is seen, 2 for its first retry, and so on. */
    int next(long requestKey) {
        return attempts.computeIfAbsent(requestKey, k -> new AtomicInteger()).incrementAndGet();
    }

    void clear() {
        attempts.clear();
    }
}
