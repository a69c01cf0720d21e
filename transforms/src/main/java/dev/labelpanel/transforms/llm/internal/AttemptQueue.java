package dev.labelpanel.transforms.llm.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The endpoint's gate: attempts wait here, first in first out, and start only while fewer than {@code maxConcurrency}
 * are in flight, the endpoint is not paused (a 429, or rate-limit headers at zero) and the {@link RateBudget} allows.
 * Nothing blocks: a waiting queue is woken by one timer entry, and each finished attempt {@link #release()}s its
 * permit, which starts the next. A call waiting out its own backoff is not in this queue and holds no permit.
 */
final class AttemptQueue {
    /** An attempt ready to go. {@link #start()} runs outside the lock and must end in exactly one {@link #release()}. */
    interface Attempt {
        long estimatedTokens();

        void start();
    }

    private final int maxConcurrency;
    private final RateBudget budget;
    private final TimeSource time;
    private final ArrayDeque<Attempt> waiting = new ArrayDeque<>();
    private int inFlight;
    private long pausedUntilNanos = Long.MIN_VALUE;
    private long wakeAtNanos = Long.MAX_VALUE;

    AttemptQueue(int maxConcurrency, RateBudget budget, TimeSource time) {
        this.maxConcurrency = maxConcurrency;
        this.budget = budget;
        this.time = time;
    }

    void submit(Attempt attempt) {
        synchronized (this) {
            waiting.addLast(attempt);
        }
        drain();
    }

    /** Ends one attempt's permit and lets the next one start. */
    void release() {
        synchronized (this) {
            if (inFlight <= 0) {
                throw new IllegalStateException("release() without a started attempt");
            }
            inFlight--;
        }
        drain();
    }

    /**
     * Holds every attempt of this endpoint until {@code untilNanos} (a later pause wins). Returns true if the endpoint
     * was not paused before, so the caller can warn once per pause.
     */
    boolean pauseUntil(long untilNanos) {
        synchronized (this) {
            long now = time.nanoTime();
            boolean wasRunning = pausedUntilNanos <= now;
            if (untilNanos <= pausedUntilNanos || untilNanos <= now) {
                return false;
            }
            pausedUntilNanos = untilNanos;
            return wasRunning;
        }
    }

    /** Queues {@code attempt} ahead of every waiting one (a hedge: it is late already). */
    void submitFirst(Attempt attempt) {
        synchronized (this) {
            waiting.addFirst(attempt);
        }
        drain();
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    /** No attempt in flight and none waiting (calls in backoff or deferred are in neither). */
    synchronized boolean idle() {
        return inFlight == 0 && waiting.isEmpty();
    }

    private void drain() {
        List<Attempt> ready = new ArrayList<>();
        synchronized (this) {
            long now = time.nanoTime();
            if (wakeAtNanos <= now) {
                wakeAtNanos = Long.MAX_VALUE;
            }
            while (inFlight < maxConcurrency && !waiting.isEmpty()) {
                if (now < pausedUntilNanos) {
                    wakeAt(pausedUntilNanos, now);
                    break;
                }
                long wait = budget.tryReserve(waiting.peekFirst().estimatedTokens(), now);
                if (wait > 0) {
                    wakeAt(now + wait, now);
                    break;
                }
                ready.add(waiting.pollFirst());
                inFlight++;
            }
        }
        for (Attempt attempt : ready) {
            attempt.start();
        }
    }

    /** Schedules a drain at {@code atNanos} unless one is due no later. Caller holds the lock. */
    private void wakeAt(long atNanos, long now) {
        if (atNanos >= wakeAtNanos) {
            return;
        }
        wakeAtNanos = atNanos;
        time.schedule(this::drain, atNanos - now);
    }
}
