package dev.labelpanel.transforms.llm.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The endpoint's calls that ran out of regular attempts and wait for the endpoint to answer well again. A parked call
 * holds no permit and no thread; the next successful attempt of any call of the endpoint {@link #healthy releases}
 * every parked call into the {@link AttemptQueue}, and a call whose deferred deadline passes while parked is ended by
 * its own timer. When the endpoint has nothing else to do (the end of a run, or every call deferred), no good answer
 * would ever come: then the oldest parked call goes out on its own as a {@link #probe}, and its success releases the
 * rest. Whichever removes a call from the queue owns it, so each call leaves exactly once.
 */
final class DeferredQueue {
    /** A parked call. {@link #resume()} and {@link #expire()} run outside the lock, on some client thread. */
    interface Parked {
        /** The endpoint answered well: try again (through the attempt queue). */
        void resume();

        /** The deferred deadline passed while parked: fail for good. */
        void expire();

        /** The endpoint's breaker opened: fail at once with {@code reason}. */
        void endpointDown(String reason);
    }

    private final TimeSource time;
    private final LinkedHashSet<Parked> parked = new LinkedHashSet<>();
    private long lastHealthyNanos = Long.MIN_VALUE;

    DeferredQueue(TimeSource time) {
        this.time = time;
    }

    /**
     * Parks {@code call} until the endpoint answers well or {@code deadlineNanos}. Returns false, parking nothing, if
     * the endpoint already answered well after {@code failedAtNanos} (the caller then resumes the call itself).
     */
    boolean park(Parked call, long failedAtNanos, long deadlineNanos) {
        synchronized (this) {
            if (lastHealthyNanos > failedAtNanos) {
                return false;
            }
            parked.add(call);
        }
        time.schedule(
                () -> {
                    if (remove(call)) {
                        call.expire();
                    }
                },
                deadlineNanos - time.nanoTime());
        return true;
    }

    /** An attempt of this endpoint succeeded at {@code nowNanos}: every parked call tries again. */
    void healthy(long nowNanos) {
        List<Parked> ready;
        synchronized (this) {
            lastHealthyNanos = Math.max(lastHealthyNanos, nowNanos);
            if (parked.isEmpty()) {
                return;
            }
            ready = new ArrayList<>(parked);
            parked.clear();
        }
        ready.forEach(Parked::resume);
    }

    /** Resumes the oldest parked call, if any: the endpoint is idle, so this call tests it. */
    void probe() {
        Parked first;
        synchronized (this) {
            if (parked.isEmpty()) {
                return;
            }
            first = parked.iterator().next();
            parked.remove(first);
        }
        first.resume();
    }

    /** The breaker opened: every parked call fails now, so a bundle that is about to fail does not wait for them. */
    void endpointDown(String reason) {
        List<Parked> down;
        synchronized (this) {
            down = new ArrayList<>(parked);
            parked.clear();
        }
        down.forEach(p -> p.endpointDown(reason));
    }

    synchronized int size() {
        return parked.size();
    }

    private synchronized boolean remove(Parked call) {
        return parked.remove(call);
    }
}
