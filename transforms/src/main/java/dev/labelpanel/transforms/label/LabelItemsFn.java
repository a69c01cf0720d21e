package dev.labelpanel.transforms.label;

import dev.labelpanel.schemas.Item;
import dev.labelpanel.schemas.LabeledItem;
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
 * Labels items asynchronously across elements: each element starts its item's chain and returns; the
 * chain's callbacks only queue results; this thread drains the queue and outputs; {@code @FinishBundle} waits
 * for everything still in flight. At most {@code maxPendingItems} items are in flight per instance, and the
 * endpoints' own caps (shared per JVM) bound the calls. An exception (bad config, dead endpoint) fails the bundle.
 *
 * <p>A result is output while another element is processed only if it belongs to that element's window (and is no
 * earlier than it), since such an output takes the element's window; others wait for {@code @FinishBundle}, which
 * outputs each in its own window. In a batch run every item shares the global window, so nothing waits.
 */
final class LabelItemsFn extends DoFn<Item, LabeledItem> {
  private final LabelingSpec spec;
  private final Counter labeled = Metrics.counter(LabelItems.class, "itemsLabeled");
  private final Counter unlabeled = Metrics.counter(LabelItems.class, "itemsUnlabeled");
  private final Counter started = Metrics.counter(LabelItems.class, "itemsStarted");

  private transient ItemLabeler labeler;
  private transient CallMetrics calls;
  private transient ConcurrentLinkedQueue<Finished> finished;
  private transient Semaphore room;
  private transient List<Finished> otherWindows;

  private record Finished(LabeledItem row, Throwable error, Instant timestamp, BoundedWindow window) {}

  LabelItemsFn(LabelingSpec spec) {
    this.spec = spec;
  }

  @Setup
  public void setup() {
    labeler = spec.newItemLabeler();
    calls = new CallMetrics();
  }

  @StartBundle
  public void startBundle() {
    finished = new ConcurrentLinkedQueue<>();
    room = new Semaphore(spec.maxPendingItems());
    otherWindows = new ArrayList<>();
  }

  @ProcessElement
  public void process(
      @Element Item item, @Timestamp Instant timestamp, BoundedWindow window, OutputReceiver<LabeledItem> out)
      throws InterruptedException {
    drain(out, timestamp, window);
    while (!room.tryAcquire(20, TimeUnit.MILLISECONDS)) {
      drain(out, timestamp, window);
    }
    started.inc();
    LiveProgress.started();
    CompletableFuture<LabeledItem> chain;
    try {
      chain = labeler.label(item);
    } catch (RuntimeException e) {
      room.release();
      throw e;
    }
    chain.whenComplete(
        (row, error) -> {
          finished.add(new Finished(row, error, timestamp, window));
          LiveProgress.finished();
          room.release();
        });
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) throws InterruptedException {
    room.acquire(spec.maxPendingItems());
    room.release(spec.maxPendingItems());
    for (Finished f : otherWindows) {
      context.output(checked(f), f.timestamp(), f.window());
    }
    otherWindows.clear();
    Finished f;
    while ((f = finished.poll()) != null) {
      context.output(checked(f), f.timestamp(), f.window());
    }
  }

  private void drain(OutputReceiver<LabeledItem> out, Instant timestamp, BoundedWindow window) {
    Finished f;
    while ((f = finished.poll()) != null) {
      if (f.window().equals(window) && !f.timestamp().isBefore(timestamp)) {
        out.outputWithTimestamp(checked(f), f.timestamp());
      } else {
        otherWindows.add(f);
      }
    }
  }

  private LabeledItem checked(Finished f) {
    if (f.error() != null) {
      Throwable cause = f.error() instanceof CompletionException && f.error().getCause() != null
          ? f.error().getCause() : f.error();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("labeling failed: " + cause.getMessage(), cause);
    }
    (f.row().getLabel() == null ? unlabeled : labeled).inc();
    calls.record(f.row());
    return f.row();
  }
}
