package dev.labelpanel.pipelines.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.transforms.label.LiveProgress;
import dev.labelpanel.transforms.llm.LlmClients;
import dev.labelpanel.transforms.summary.PriceUsage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    @Test
    void aLineSaysItemsCallsCacheAndCostSoFar() {
        String ns = "dev.labelpanel.transforms.label.LabelItems/";
        Map<String, Long> counters = Map.of(
                "dev.labelpanel.transforms.extract.ExtractItems/itemsEmitted",
                120L,
                "dev.labelpanel.transforms.dedup.DedupItems/duplicates",
                20L,
                ns + "itemsStarted",
                60L,
                ns + "itemsLabeled",
                49L,
                ns + "itemsUnlabeled",
                1L,
                ns + "llama.answers",
                200L,
                ns + "llama.retries",
                3L,
                ns + "llama.cacheHits",
                50L,
                ns + "llama.promptTokens",
                1_000_000L,
                ns + "llama.completionTokens",
                0L);
        String line = render(counters, Map.of("llama", new PriceUsage.Price(2.0, 8.0)));
        assertTrue(line.contains("items split 120, finished 50/100 (labeled 49), in flight 10"), line);
        assertTrue(line.contains("answers 200, retries 3, cache hits 25%"), line);
        assertTrue(line.contains("cost 2.0000 USD"), line);
    }

    @Test
    void anIncrementalRunCountsOnlyWhatItLabelsTowardsTheTotal() {
        String ns = "dev.labelpanel.transforms.label.LabelItems/";
        Map<String, Long> counters = Map.of(
                "dev.labelpanel.transforms.extract.ExtractItems/itemsEmitted",
                120L,
                "dev.labelpanel.transforms.dedup.DedupItems/duplicates",
                20L,
                "dev.labelpanel.transforms.incremental.CarryOver/itemsCarriedOver",
                90L,
                ns + "itemsStarted",
                6L,
                ns + "itemsLabeled",
                5L);
        String line = render(counters, Map.of());
        assertTrue(line.contains("items split 120, carried over 90, finished 5/10 (labeled 5), in flight 1"), line);
    }

    @Test
    void itemsThatGotNoLabelAreFinishedButNotLabeled() {
        String ns = "dev.labelpanel.transforms.label.LabelItems/";
        Map<String, Long> counters = Map.of(
                "dev.labelpanel.transforms.extract.ExtractItems/itemsEmitted",
                296L,
                ns + "itemsStarted",
                230L,
                ns + "itemsUnlabeled",
                220L);
        String line = render(counters, Map.of());
        assertTrue(line.contains("finished 220/296 (labeled 0), in flight 10"), line);
    }

    @Test
    void itemsFinishedInThisJvmMoveTheLineBeforeAnyBundleCommits() {
        String ns = "dev.labelpanel.transforms.label.LabelItems/";
        // The metrics as the Direct runner shows them mid-bundle: items split, nothing labeled yet.
        Map<String, Long> committed =
                Map.of("dev.labelpanel.transforms.extract.ExtractItems/itemsEmitted", 1000L, ns + "itemsStarted", 0L);
        // Counts of earlier runs in this JVM, which are not this run's.
        AtomicReference<LiveProgress.Counts> live = new AtomicReference<>(new LiveProgress.Counts(500, 500));
        ProgressReporter reporter =
                ProgressReporter.start(null, new PrintStream(new ByteArrayOutputStream()), false, Map.of(), live::get);

        live.set(new LiveProgress.Counts(756, 600));
        String first = reporter.render(committed);
        live.set(new LiveProgress.Counts(900, 800));
        String second = reporter.render(committed);
        // A bundle commits: the metrics catch up and then lead where they are ahead.
        String third = reporter.render(Map.of(
                "dev.labelpanel.transforms.extract.ExtractItems/itemsEmitted",
                1000L,
                ns + "itemsStarted",
                1000L,
                ns + "itemsLabeled",
                990L));
        reporter.close();

        assertTrue(first.contains("finished 100/1000 (labeled 0), in flight 156"), first);
        assertTrue(second.contains("finished 300/1000 (labeled 0), in flight 100"), second);
        assertTrue(second.contains(", ETA "), "a second reading with progress gives an ETA: " + second);
        assertTrue(third.contains("finished 990/1000 (labeled 990), in flight 10"), third);
    }

    @Test
    void batchesInFlightAreShownOnceARunSubmittedOne() {
        assertEquals("", ProgressReporter.batches(new LlmClients.BatchProgress(0, 0, 0, 0, Map.of())));
        assertEquals(
                "; batches in flight 2 (150 requests), 5 submitted",
                ProgressReporter.batches(new LlmClients.BatchProgress(2, 150, 5, 400, Map.of("completed", 3L))));
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
