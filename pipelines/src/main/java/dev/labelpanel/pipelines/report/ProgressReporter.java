package dev.labelpanel.pipelines.report;

import dev.labelpanel.transforms.dedup.DedupItems;
import dev.labelpanel.transforms.extract.ExtractItems;
import dev.labelpanel.transforms.incremental.CarryOver;
import dev.labelpanel.transforms.label.BatchMetrics;
import dev.labelpanel.transforms.label.LabelItems;
import dev.labelpanel.transforms.label.LiveProgress;
import dev.labelpanel.transforms.llm.LlmClients;
import dev.labelpanel.transforms.summary.PriceUsage;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * Progress of a running job on stderr, read from its Beam metrics: items split and deduplicated, items labeled of
 * the total, items in flight, answers, retries, cache hit rate, cost so far and an ETA. On a terminal one line is
 * redrawn every 2 s; otherwise a plain line is printed every 15 s. Metrics arrive as the runner commits bundles,
 * so on the Direct runner they move in steps; items started and finished are therefore also read from
 * {@link LiveProgress}, counted in this JVM as each item finishes, whichever is ahead (on a cluster runner the
 * launcher's live counts stay 0 and the metrics lead). With labelers in batch mode the line also shows the batches in
 * flight in this JVM and their requests (on a cluster runner, the batches the workers reported in their metrics).
 */
public final class ProgressReporter implements AutoCloseable {
    private final PipelineResult result;
    private final PrintStream err;
    private final boolean terminal;
    private final Map<String, PriceUsage.Price> prices;
    private final ScheduledExecutorService timer;
    private final long startNanos = System.nanoTime();
    private final Supplier<LiveProgress.Counts> live;
    private final LiveProgress.Counts liveAtStart;
    private final LlmClients.BatchProgress batchesAtStart = LlmClients.batchProgress();
    private long lastDone = -1;

    private ProgressReporter(
            PipelineResult result,
            PrintStream err,
            boolean terminal,
            Map<String, PriceUsage.Price> prices,
            Supplier<LiveProgress.Counts> live) {
        this.result = result;
        this.live = live;
        this.liveAtStart = live.get();
        this.err = err;
        this.terminal = terminal;
        this.prices = prices;
        this.timer = daemonTimer("labelpanel-progress");
    }

    /** A single-thread scheduler on a daemon thread named {@code threadName} (it never keeps the JVM alive). */
    public static ScheduledExecutorService daemonTimer(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts reporting on {@code err}; {@link #close} stops it and ends the line. */
    public static ProgressReporter start(
            PipelineResult result, PrintStream err, boolean terminal, Map<String, PriceUsage.Price> prices) {
        return start(result, err, terminal, prices, LiveProgress::now);
    }

    /** As above, with the live item counts read from {@code live} (tests give their own). */
    static ProgressReporter start(
            PipelineResult result,
            PrintStream err,
            boolean terminal,
            Map<String, PriceUsage.Price> prices,
            Supplier<LiveProgress.Counts> live) {
        ProgressReporter reporter = new ProgressReporter(result, err, terminal, prices, live);
        long period = terminal ? 2 : 15;
        reporter.timer.scheduleAtFixedRate(reporter::report, period, period, TimeUnit.SECONDS);
        return reporter;
    }

    private void report() {
        Map<String, Long> counters;
        try {
            counters = counters(result);
        } catch (UnsupportedOperationException e) {
            return; // this runner has no metrics while running: no progress line, nothing else changes
        }
        String line = render(counters);
        if (terminal) {
            err.print("\r\u001b[2K" + line);
        } else {
            err.println(line);
        }
        err.flush();
    }

    /**
     * {@code result}'s counters so far, {@code namespace/name} to value summed over steps (attempted where the runner
     * has them, else committed). Throws {@link UnsupportedOperationException} if the runner has no metrics.
     */
    public static Map<String, Long> counters(PipelineResult result) {
        MetricQueryResults metrics =
                result.metrics().queryMetrics(MetricsFilter.builder().build());
        Map<String, Long> counters = new HashMap<>();
        for (MetricResult<Long> c : metrics.getCounters()) {
            Long value = attempted(c);
            if (value != null) {
                counters.merge(c.getName().getNamespace() + "/" + c.getName().getName(), value, Long::sum);
            }
        }
        return counters;
    }

    private static Long attempted(MetricResult<Long> c) {
        try {
            return c.getAttempted();
        } catch (UnsupportedOperationException e) {
            return c.getCommitted();
        }
    }

    String render(Map<String, Long> counters) {
        long emitted = counters.getOrDefault(ExtractItems.class.getName() + "/itemsEmitted", 0L);
        long duplicates = counters.getOrDefault(DedupItems.class.getName() + "/duplicates", 0L);
        String label = LabelItems.class.getName() + "/";
        LiveProgress.Counts now = live.get().since(liveAtStart);
        long started = Math.max(now.started(), counters.getOrDefault(label + "itemsStarted", 0L));
        long labeled = counters.getOrDefault(label + "itemsLabeled", 0L);
        long done = Math.max(now.finished(), labeled + counters.getOrDefault(label + "itemsUnlabeled", 0L));
        long answers = 0;
        long retries = 0;
        long hits = 0;
        double cost = 0;
        for (Map.Entry<String, Long> e : counters.entrySet()) {
            if (!e.getKey().startsWith(label)) {
                continue;
            }
            String name = e.getKey().substring(label.length());
            int dot = name.lastIndexOf('.');
            if (dot < 0) {
                continue;
            }
            String labeler = name.substring(0, dot);
            switch (name.substring(dot + 1)) {
                case "answers" -> answers += e.getValue();
                case "retries" -> retries += e.getValue();
                case "cacheHits" -> hits += e.getValue();
                case "promptTokens" -> cost += e.getValue() * price(labeler).inputPerMillion() / 1e6;
                case "completionTokens" -> cost += e.getValue() * price(labeler).outputPerMillion() / 1e6;
                default -> {}
            }
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        // Incremental runs label only what was not carried over (known once the carry-over join has run).
        long carried = counters.getOrDefault(CarryOver.class.getName() + "/itemsCarriedOver", 0L);
        long unique = emitted - duplicates - carried;
        String total = unique > 0 ? Long.toString(unique) : "?";
        String eta = "";
        if (done > 0 && unique > done && lastDone >= 0) {
            double rate = done / elapsed;
            eta = String.format(", ETA %.0f s", (unique - done) / rate);
        }
        lastDone = done;
        return String.format(
                        "labelpanel %4.0fs: items split %d,%s finished %d/%s (labeled %d), in flight %d; answers %d,"
                                + " retries %d, cache hits %s, cost %.4f USD%s",
                        elapsed,
                        emitted,
                        carried == 0 ? "" : " carried over " + carried + ",",
                        done,
                        total,
                        labeled,
                        Math.max(0, started - done),
                        answers,
                        retries,
                        answers == 0 ? "-" : String.format("%.0f%%", 100.0 * hits / answers),
                        cost,
                        eta)
                + batches(LlmClients.batchProgress().since(batchesAtStart), BatchMetrics.fromCounters(counters));
    }

    /**
     * {@code "; batches in flight N (M requests), K submitted"} once this JVM submitted a batch for the run ({@code
     * local}); else, on a cluster runner whose workers submit, {@code "; batches in flight N, K submitted"} from the
     * workers' metrics ({@code workers}, reported as bundles end); "" when neither has a batch.
     */
    static String batches(LlmClients.BatchProgress local, LlmClients.BatchProgress workers) {
        if (local.batchesSubmitted() != 0 || local.batchesInFlight() != 0) {
            return String.format(
                    "; batches in flight %d (%d requests), %d submitted",
                    local.batchesInFlight(), local.requestsInFlight(), local.batchesSubmitted());
        }
        if (workers.batchesSubmitted() != 0) {
            return String.format(
                    "; batches in flight %d, %d submitted", workers.batchesInFlight(), workers.batchesSubmitted());
        }
        return "";
    }

    private PriceUsage.Price price(String labeler) {
        return prices.getOrDefault(labeler, new PriceUsage.Price(0, 0));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (terminal) {
            err.println();
        }
    }

    /**
     * The batch-mode line of a run's summary: batches submitted, their requests and how they ended; "" when none was
     * submitted.
     */
    public static String batchSummary(LlmClients.BatchProgress b) {
        if (b.batchesSubmitted() == 0) {
            return "";
        }
        return String.format(
                "  batches           %d submitted with %d requests; ended: %s%n",
                b.batchesSubmitted(),
                b.requestsSubmitted(),
                b.endedByStatus().isEmpty()
                        ? "none yet"
                        : b.endedByStatus().entrySet().stream()
                                .map(e -> e.getKey() + " " + e.getValue())
                                .collect(java.util.stream.Collectors.joining(", ")));
    }
}
