package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.simulator.LabelerSimulator;
import dev.labelpanel.simulator.ModelStats;
import dev.labelpanel.simulator.SimulatorStats;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.summary.CallCount;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample config against configs/simulator/faults.yaml (SIMULATION): about 30% of attempts fail — 429 with
 * Retry-After (seconds or an HTTP date), 500, 503, dropped connections, timeouts, truncated bodies, empty choices.
 * Retries absorb them: every item is written, labeled or unlabeled with a reason, and no item becomes a dead letter.
 *
 * <p>The attempts bound: with a fault probability p = 0.30 per attempt, independent per attempt and each fault
 * retried, attempts per answer are geometric with mean 1 / (1 - p) = 1.43 (6 attempts at most makes it a little
 * less); the test allows 1.6 — and requires more than 1.25, to show the faults really happened. At latency scale 0
 * no simulated time passes: a 429 fault's Retry-After is 0 and the request-per-minute limits never refuse.
 */
class FaultProfileIT {
    private static final double FAULT_RATE = 0.10 + 0.05 + 0.05 + 0.03 + 0.02 + 0.03 + 0.02;
    private static final double MEAN_ATTEMPTS_BOUND = 1.6;

    @TempDir
    Path tmp;

    @Test
    void everyItemIsWrittenAndRetriesStayWithinTheProfilesFaultRate() throws Exception {
        // A client timeout of 1 s under the simulator's 3 s hang: a 'timeout' fault costs a second, not 30.
        // A third of openai.jsonl.
        Path config = RunFixture.firstDialoguesConfig(
                tmp, 22, Map.of("max_concurrency: 16,", "max_concurrency: 16, timeout_seconds: 1,"));
        SimulatorProfile profile = SimulatorProfile.load(RunFixture.ROOT.resolve("configs/simulator/faults.yaml"));
        Path out = tmp.resolve("out");
        SimulatorStats stats = RunFixture.runAgainst(
                LabelerSimulator.builder(profile).seed(42).latencyScale(0).timeoutFaultHang(Duration.ofSeconds(3)),
                config,
                out);
        RunSummary summary = RunSummary.read(out.resolve("run-summary.json"));
        assertTrue(summary.balanced(), "records and items add up");
        assertEquals(0, summary.deadLetters(), "no dead letters: the input is clean and labeling makes none");
        List<Outputs.Row> rows = Outputs.readAll(out);
        long unique = 0;
        for (Granularity g : Granularity.values()) {
            unique += summary.count(SummaryKey.itemsEmitted(g)) - summary.count(SummaryKey.itemsDuplicates(g));
        }
        assertEquals(unique, rows.size(), "every unique item is written");
        for (Outputs.Row row : rows) {
            if (row.get("label") == null) {
                assertNotNull(row.get("unlabeled_reason"), row.get("item_id"));
            }
        }
        long labeled = rows.stream().filter(r -> r.get("label") != null).count();
        assertTrue(labeled > rows.size() * 0.98, labeled + " of " + rows.size() + " labeled despite the faults");

        long faults = stats.models().values().stream()
                .mapToLong(m ->
                        m.faults().values().stream().mapToLong(Long::longValue).sum())
                .sum();
        long answers = RunFixture.callsTotal(summary, CallCount.ANSWERS);
        long attempts = RunFixture.callsTotal(summary, CallCount.ATTEMPTS);
        double mean = (double) attempts / answers;
        System.out.printf(
                "FaultProfileIT: %d items, %d answers, %d attempts (mean %.3f), %d faults%n",
                rows.size(), answers, attempts, mean, faults);
        assertTrue(faults > stats.totalRequests() * FAULT_RATE / 2, faults + " faults in " + stats.totalRequests());
        assertTrue(
                mean > 1.25 && mean <= MEAN_ATTEMPTS_BOUND,
                "mean attempts per answer " + mean + " (" + attempts + " / " + answers + "), expected about "
                        + 1 / (1 - FAULT_RATE) + " and at most " + MEAN_ATTEMPTS_BOUND);
        for (ModelStats model : stats.models().values()) {
            assertTrue(model.requests() > 0);
        }
    }
}
