package dev.labelpanel.transforms.label;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Items started and finished (labeled or not) by the labeling DoFns of this JVM, counted the moment each item's call
 * chain completes. Beam metrics say the same but only as bundles commit (the Direct runner commits a bundle of
 * hundreds of items at once), so the progress line reads these to move smoothly. A per-JVM static holder, like
 * {@code LlmClients}: it counts every run of this JVM since it started, so a reader takes the difference from its
 * own {@link #now()} at start. On a cluster runner the workers count in their own JVMs and the launcher's stay 0: the
 * reader falls back to the metrics there (it takes whichever is ahead).
 */
public final class LiveProgress {
    private static final AtomicLong STARTED = new AtomicLong();
    private static final AtomicLong FINISHED = new AtomicLong();

    private LiveProgress() {}

    /** Counts at one moment; {@link #since} gives those of one run. */
    public record Counts(long started, long finished) {
        public Counts since(Counts earlier) {
            return new Counts(started - earlier.started, finished - earlier.finished);
        }
    }

    public static Counts now() {
        return new Counts(STARTED.get(), FINISHED.get());
    }

    static void started() {
        STARTED.incrementAndGet();
    }

    static void finished() {
        FINISHED.incrementAndGet();
    }
}
