package dev.labelpanel.pipelines.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.transforms.label.BatchMetrics;
import dev.labelpanel.transforms.label.LiveProgress;
import dev.labelpanel.transforms.llm.LlmClients;
import dev.labelpanel.transforms.summary.PriceUsage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    @Test
    void aLineSaysItemsCallsCacheAndCostSoFar() {
        Map<String, Long> counters = counters(
                120,
                20,
                Map.of(
                        "itemsStarted", 60L,
                        "itemsLabeled", 49L,
                        "itemsUnlabeled", 1L,
                        "llama.answers", 200L,
                        "llama.retries", 3L,
                        "llama.cacheHits", 50L,
                        "llama.promptTokens", 1_000_000L,
                        "llama.completionTokens", 0L));
        String line = render(counters, Map.of("llama", new PriceUsage.Price(2.0, 8.0)));
        assertTrue(line.contains("items split 120, finished 50/100 (labeled 49), in flight 10"), line);
        assertTrue(line.contains("answers 200, retries 3, cache hits 25%"), line);
        assertTrue(line.contains("cost 2.0000 USD"), line);
    }

    @Test
    void anIncrementalRunCountsOnlyWhatItLabelsTowardsTheTotal() {
        Map<String, Long> counters = counters(120, 20, Map.of("itemsStarted", 6L, "itemsLabeled", 5L));
        counters.put("dev.labelpanel.transforms.incremental.CarryOver/itemsCarriedOver", 90L);
        String line = render(counters, Map.of());
        assertTrue(line.contains("items split 120, carried over 90, finished 5/10 (labeled 5), in flight 1"), line);
    }

    @Test
    void itemsThatGotNoLabelAreFinishedButNotLabeled() {
        Map<String, Long> counters = counters(296, 0, Map.of("itemsStarted", 230L, "itemsUnlabeled", 220L));
        String line = render(counters, Map.of());
        assertTrue(line.contains("finished 220/296 (labeled 0), in flight 10"), line);
    }

    @Test
    void itemsFinishedInThisJvmMoveTheLineBeforeAnyBundleCommits() {
        // The metrics as the Direct runner shows them mid-bundle: items split, nothing labeled yet.
        Map<String, Long> committed = counters(1000, 0, Map.of("itemsStarted", 0L));
        // Counts of earlier runs in this JVM, which are not this run's.
        AtomicReference<LiveProgress.Counts> live = new AtomicReference<>(new LiveProgress.Counts(500, 500));
        ProgressReporter reporter =
                ProgressReporter.start(null, new PrintStream(new ByteArrayOutputStream()), false, Map.of(), live::get);

        live.set(new LiveProgress.Counts(756, 600));
        String first = reporter.render(committed);
        live.set(new LiveProgress.Counts(900, 800));
        String second = reporter.render(committed);
        // A bundle commits: the metrics catch up and then lead where they are ahead.
        String third = reporter.render(counters(1000, 0, Map.of("itemsStarted", 1000L, "itemsLabeled", 990L)));
        reporter.close();

        assertTrue(first.contains("finished 100/1000 (labeled 0), in flight 156"), first);
        assertTrue(second.contains("finished 300/1000 (labeled 0), in flight 100"), second);
        assertTrue(second.contains(", ETA "), "a second reading with progress gives an ETA: " + second);
        assertTrue(third.contains("finished 990/1000 (labeled 990), in flight 10"), third);
    }

    @Test
    void batchesInFlightAreShownOnceARunSubmittedOne() {
        LlmClients.BatchProgress none = new LlmClients.BatchProgress(0, 0, 0, 0, Map.of());
        assertEquals("", ProgressReporter.batches(none, none));
        assertEquals(
                "; batches in flight 2 (150 requests), 5 submitted",
                ProgressReporter.batches(new LlmClients.BatchProgress(2, 150, 5, 400, Map.of("completed", 3L)), none));
    }

    @Test
    void onAClusterRunnerTheBatchesComeFromTheWorkersMetrics() {
        Map<String, Long> counters = counters(1000, 0, Map.of("itemsStarted", 400L));
        counters.put(BatchMetrics.NAMESPACE + "/batchesSubmitted", 7L);
        counters.put(BatchMetrics.NAMESPACE + "/batchRequestsSubmitted", 900L);
        counters.put(BatchMetrics.NAMESPACE + "/batchesEnded_completed", 4L);
        counters.put(BatchMetrics.NAMESPACE + "/batchesEnded_expired", 1L);

        assertEquals(
                new LlmClients.BatchProgress(2, 0, 7, 900, Map.of("completed", 4L, "expired", 1L)),
                BatchMetrics.fromCounters(counters));
        // The launcher of a cluster job submits nothing itself: its own counts stay 0.
        assertTrue(
                render(counters, Map.of()).endsWith("; batches in flight 2, 7 submitted"), render(counters, Map.of()));
    }

    /** The counters as the metrics name them: items split, duplicates dropped, and LabelItems' own by short name. */
    private static Map<String, Long> counters(long split, long duplicates, Map<String, Long> labelItems) {
        Map<String, Long> counters = new HashMap<>();
        counters.put("dev.labelpanel.transforms.extract.ExtractItems/itemsEmitted", split);
        counters.put("dev.labelpanel.transforms.dedup.DedupItems/duplicates", duplicates);
        labelItems.forEach((name, value) -> counters.put("dev.labelpanel.transforms.label.LabelItems/" + name, value));
        return counters;
    }

    /** The progress line for {@code counters}, from a reporter that prints nowhere. */
    private static String render(Map<String, Long> counters, Map<String, PriceUsage.Price> prices) {
        ProgressReporter reporter =
                ProgressReporter.start(null, new PrintStream(new ByteArrayOutputStream()), false, prices);
        String line = reporter.render(counters);
        reporter.close();
        return line;
    }
}
