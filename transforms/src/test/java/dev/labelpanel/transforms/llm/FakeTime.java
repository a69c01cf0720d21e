package dev.labelpanel.transforms.llm;

import dev.labelpanel.transforms.llm.internal.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Virtual time for tests. In auto mode every scheduled task advances the clock by its delay and runs at once (on a
 * helper thread), so backoff and Retry-After cost no real time; in manual mode tasks wait for {@link #advance}.
 * {@link #autoBelow} mixes the two: short delays (backoff) run at once, long ones (deadlines) wait for
 * {@link #advance}. Every requested delay is recorded.
 */
final class FakeTime implements TimeSource, AutoCloseable {
    static final long WALL_START_MILLIS = 1_700_000_000_000L;

    private final long autoBelowNanos;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Duration> delays = new ArrayList<>();
    private final PriorityQueue<Task> pending = new PriorityQueue<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fake-time");
        t.setDaemon(true);
        return t;
    });
    private long sequence;

    private record Task(long atNanos, long seq, Runnable task) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            return atNanos != o.atNanos ? Long.compare(atNanos, o.atNanos) : Long.compare(seq, o.seq);
        }
    }

    private FakeTime(long autoBelowNanos) {
        this.autoBelowNanos = autoBelowNanos;
    }

    static FakeTime auto() {
        return new FakeTime(Long.MAX_VALUE);
    }

    static FakeTime manual() {
        return new FakeTime(Long.MIN_VALUE);
    }

    /** Delays shorter than {@code limit} run at once (advancing the clock); longer ones wait for {@link #advance}. */
    static FakeTime autoBelow(Duration limit) {
        return new FakeTime(limit.toNanos());
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public long currentTimeMillis() {
        return WALL_START_MILLIS + (nanos.get() - 1_000_000_000L) / 1_000_000;
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
        synchronized (this) {
            delays.add(Duration.ofNanos(delayNanos));
            if (delayNanos >= autoBelowNanos) {
                pending.add(new Task(nanos.get() + delayNanos, sequence++, task));
                notifyAll();
                return;
            }
        }
        nanos.accumulateAndGet(nanos.get() + Math.max(0, delayNanos), Math::max);
        runner.execute(task);
    }

    /** Manual mode: moves the clock forward and runs the tasks now due. */
    void advance(Duration by) {
        long now = nanos.addAndGet(by.toNanos());
        List<Runnable> due = new ArrayList<>();
        synchronized (this) {
            while (!pending.isEmpty() && pending.peek().atNanos() <= now) {
                due.add(pending.poll().task());
            }
        }
        due.forEach(runner::execute);
    }

    /** Waits (in real time, up to 20 s) until at least {@code count} tasks wait for {@link #advance}. */
    synchronized void awaitPending(int count) throws InterruptedException {
        long until = System.nanoTime() + 20_000_000_000L;
        while (pending.size() < count) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " pending tasks but " + pending.size() + " are");
            }
            wait(left / 1_000_000 + 1);
        }
    }

    synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
