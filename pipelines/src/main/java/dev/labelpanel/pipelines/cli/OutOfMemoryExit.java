package dev.labelpanel.pipelines.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * What the CLI does when the Java heap runs out: one message that says how large the heap was and what to raise,
 * then exit code 1, instead of a stack trace, a job "ended in state RUNNING", or a JVM that hangs on.
 *
 * <p>An {@link OutOfMemoryError} reaches labelpanel in one of three ways, and each ends here: it comes back from the
 * job as the cause of its failure ({@link UserErrorHandler}); it kills a thread of ours or of a library (the default
 * uncaught-exception handler installed by {@link #install()}: the job would otherwise wait for that thread
 * forever); or the runner catches it inside its own executor and the job stops without a terminal state
 * ({@link #heapFilledUp()}, asked by the command when a job ends unfinished). The launcher's Parallel collector
 * turns a heap that is too small into an error within minutes (its GC overhead limit); see "Memory" in README.md.
 */
final class OutOfMemoryExit {
    /** Share of the old generation still in use after a collection that counts as "the heap filled up". */
    private static final double FULL = 0.95;

    /** Freed when the heap has run out, so the message can still be built and printed. */
    private static volatile byte[] reserve;

    private OutOfMemoryExit() {}

    /** Sets the uncaught-exception handler and the old-generation threshold; call once, first thing in main. */
    static void install() {
        reserve = new byte[1 << 20];
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (isOldGeneration(pool) && pool.getUsage().getMax() > 0) {
                pool.setCollectionUsageThreshold((long) (pool.getUsage().getMax() * FULL));
            }
        }
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (causedBy(e)) {
                report(System.err);
                System.out.flush();
                Runtime.getRuntime().halt(1); // no shutdown hooks: they may wait for the thread that just died
            } else if (previous != null) {
                previous.uncaughtException(thread, e);
            } else {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                e.printStackTrace();
            }
        });
    }

    /** Whether {@code e} or one of its causes is an {@link OutOfMemoryError}. */
    static boolean causedBy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /** Whether a collection has left the old generation at least 95 % full since {@link #install()}. */
    static boolean heapFilledUp() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (isOldGeneration(pool)
                    && pool.isCollectionUsageThresholdSupported()
                    && pool.getCollectionUsageThresholdCount() > 0) {
                return true;
            }
        }
        return false;
    }

    /** After a job ended unfinished: prints the message and returns true if the heap had filled up. */
    static boolean explainUnfinished(PrintStream err) {
        if (heapFilledUp()) {
            report(err);
            return true;
        }
        return false;
    }

    /** Prints the message, with this JVM's heap limit. */
    static void report(PrintStream err) {
        reserve = null;
        err.println(message(Runtime.getRuntime().maxMemory()));
        err.flush();
    }

    static void report(PrintWriter err) {
        reserve = null;
        err.println(message(Runtime.getRuntime().maxMemory()));
        err.flush();
    }

    /** The message for a heap of {@code maxHeapBytes}; it suggests at least twice that, in whole GB. */
    static String message(long maxHeapBytes) {
        long mb = maxHeapBytes / (1024 * 1024);
        long suggestGb = Math.max(1, (2 * mb + 1023) / 1024);
        return String.format(
                Locale.ROOT,
                "labelpanel ran out of memory (Java heap limit %d MB). The Direct runner keeps a run's items in memory,%n"
                        + "  so the heap it needs grows with the unique items (see \"Memory\" in README.md). Raise the limit, e.g.%n"
                        + "  LABELPANEL_JAVA_OPTS=-Xmx%dg ./labelpanel run ...  (./labelpanel's default: -XX:MaxRAMPercentage=50, half of%n"
                        + "  the machine's memory), or java -Xmx%dg -jar ... when you start the jar yourself. max_items_in_flight,%n"
                        + "  dedup.buckets and output.shards do not lower it on the Direct runner; a Flink or Spark cluster's memory%n"
                        + "  is set in the runner's own settings.",
                mb,
                suggestGb,
                suggestGb);
    }

    private static boolean isOldGeneration(MemoryPoolMXBean pool) {
        String name = pool.getName();
        return pool.getType() == MemoryType.HEAP
                && pool.isCollectionUsageThresholdSupported()
                && (name.contains("Old Gen") || name.contains("Tenured"));
    }
}
