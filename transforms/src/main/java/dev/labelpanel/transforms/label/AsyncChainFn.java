package dev.labelpanel.transforms.label;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * Runs an item's labeling chain asynchronously across elements: each element starts its chain and returns; the
 * chain's callbacks only queue results; this thread drains the queue and outputs; {@code @FinishBundle} waits
 * for everything still in flight. At most {@code maxPendingItems} items are in flight per instance, and the
 * endpoints' own caps (shared per JVM) bound the calls. An exception (bad config, dead endpoint) fails the bundle.
 *
 * <p>A result is output while another element is processed only if it belongs to that element's window (and is no
 * earlier than it), since such an output takes the element's window; others wait for {@code @FinishBundle}, which
 * outputs each in its own window. In a batch run every item shares the global window, so nothing waits.
 *
 * <p>At the end of each bundle the JVM's batch-mode counts go into Beam metrics ({@link BatchMetrics}).
 *
 * <p>Subclasses say how an element starts its chain ({@link #start}) and what to record for each result
 * ({@link #recorded}); the chain's labeler is built once per instance in {@code @Setup}.
 */
abstract class AsyncChainFn<InputT, OutputT> extends DoFn<InputT, OutputT> {
    protected final LabelingSpec spec;
    private final Counter started;

    protected transient ItemLabeler labeler;
    private transient ConcurrentLinkedQueue<Finished<OutputT>> finished;
    private transient Semaphore room;
    private transient List<Finished<OutputT>> otherWindows;

    private record Finished<T>(T row, Throwable error, Instant timestamp, BoundedWindow window) {}

    /** {@code countsStarts}: whether this is the first stage of the chain, whose starts count as items started. */
    AsyncChainFn(LabelingSpec spec, boolean countsStarts) {
        this.spec = spec;
        this.started = countsStarts ? Metrics.counter(LabelItems.class, "itemsStarted") : null;
    }

    /** Starts {@code c.element()}'s chain; {@code c} also gives side inputs. Runs on the DoFn thread. */
    abstract CompletableFuture<OutputT> start(ProcessContext c);

    /** Whether a result of this stage is a finished item (the chain's last stage), for the live progress count. */
    boolean finishesItems() {
        return true;
    }

    /** Called on the DoFn thread for each result before it is output (metrics). */
    abstract void recorded(OutputT row);

    @Setup
    public void setup() {
        labeler = spec.newItemLabeler();
    }

    @StartBundle
    public void startBundle() {
        finished = new ConcurrentLinkedQueue<>();
        room = new Semaphore(spec.maxPendingItems());
        otherWindows = new ArrayList<>();
    }

    @ProcessElement
    public void process(ProcessContext c, BoundedWindow window) throws InterruptedException {
        Instant timestamp = c.timestamp();
        drain(c, timestamp, window);
        while (!room.tryAcquire(20, TimeUnit.MILLISECONDS)) {
            drain(c, timestamp, window);
        }
        if (started != null) {
            started.inc();
            LiveProgress.started();
        }
        CompletableFuture<OutputT> chain;
        try {
            chain = start(c);
        } catch (RuntimeException e) {
            room.release();
            throw e;
        }
        chain.whenComplete((row, error) -> {
            finished.add(new Finished<>(row, error, timestamp, window));
            if (finishesItems()) {
                LiveProgress.finished();
            }
            room.release();
        });
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) throws InterruptedException {
        room.acquire(spec.maxPendingItems());
        room.release(spec.maxPendingItems());
        for (Finished<OutputT> f : otherWindows) {
            context.output(checked(f), f.timestamp(), f.window());
        }
        otherWindows.clear();
        Finished<OutputT> f;
        while ((f = finished.poll()) != null) {
            context.output(checked(f), f.timestamp(), f.window());
        }
        BatchMetrics.report();
    }

    private void drain(ProcessContext c, Instant timestamp, BoundedWindow window) {
        Finished<OutputT> f;
        while ((f = finished.poll()) != null) {
            if (f.window().equals(window) && !f.timestamp().isBefore(timestamp)) {
                c.outputWithTimestamp(checked(f), f.timestamp());
            } else {
                otherWindows.add(f);
            }
        }
    }

    private OutputT checked(Finished<OutputT> f) {
        if (f.error() != null) {
            Throwable cause =
                    f.error() instanceof CompletionException && f.error().getCause() != null
                            ? f.error().getCause()
                            : f.error();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("labeling failed: " + cause.getMessage(), cause);
        }
        recorded(f.row());
        return f.row();
    }
}
