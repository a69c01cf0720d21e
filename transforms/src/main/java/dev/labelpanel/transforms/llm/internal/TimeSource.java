package dev.labelpanel.transforms.llm.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Clocks and delayed execution, injectable so tests control time: backoff, {@code Retry-After}, pauses and rate
 * budgets all wait by scheduling, never by sleeping a thread.
 */
public interface TimeSource {
    /** Monotonic time for intervals and deadlines. */
    long nanoTime();

    /** Wall-clock time, for {@code Retry-After} given as an HTTP date. */
    long currentTimeMillis();

    /** Runs {@code task} once after {@code delayNanos}, on some other thread; must not block the caller. */
    void schedule(Runnable task, long delayNanos);

    /** The system clocks and one shared daemon timer thread per JVM (tasks only hand work on; they never block). */
    TimeSource SYSTEM = new TimeSource() {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "labelpanel-llm-timer");
            t.setDaemon(true);
            return t;
        });

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public void schedule(Runnable task, long delayNanos) {
            timer.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        }
    };
}
