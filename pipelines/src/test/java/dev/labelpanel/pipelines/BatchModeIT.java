package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.simulator.LabelerSimulator;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import dev.labelpanel.simulator.server.BatchSettings;
import dev.labelpanel.simulator.server.BatchStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch mode end to end on a sample file against the simulator over real HTTP ({@code /v1/files}, {@code
 * /v1/batches}): every role in {@code mode: batch} gives exactly the labels of an online run against the same
 * simulator seed; error-file entries, an expired and a failed batch are retried or resubmitted to the same labels;
 * retries that run out end as stated no-votes; and a run killed while batches are in progress, started again, polls
 * them instead of submitting anything twice (counted at the simulator) and writes the same labels.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchModeIT {
    private static final String INPUT = "dialogues/openai.jsonl";
    private static final String FAST = "max_wait: 200ms, poll_interval: 100ms, max_poll_interval: 400ms";

    @TempDir
    static Path tmp;

    private Set<String> onlineLabels;

    @BeforeAll
    void labelOnline() throws Exception {
        onlineLabels = labelOnline(INPUT, "online");
        assertTrue(onlineLabels.size() > 50, "the sample file gives items: " + onlineLabels.size());
    }

    /** The labels of {@code input} labeled online, without a cache, into {@code tmp/<name>}: what batch mode must give. */
    private static Set<String> labelOnline(String input, String name) throws Exception {
        Path config = RunFixture.sampleConfig(
                tmp, input, tmp.resolve("cache-" + name), Map.of("latency_scale: 0.05", "latency_scale: 0"));
        try (LabelerSimulator sim = simulator(BatchSettings.DEFAULT)) {
            assertEquals(
                    PipelineResult.State.DONE,
                    RunFixture.runInProcess(config, tmp.resolve(name), "off", sim.baseUrl()));
        }
        return RunFixture.labels(tmp.resolve(name));
    }

    /** Every labeler in batch mode, reading {@code input}, with the given {@code batch:} keys. */
    private Path batchConfig(String name, String input, String batchKeys, Map<String, String> more) throws Exception {
        Map<String, String> edits = new java.util.HashMap<>(Map.of(
                "max_concurrency: 16,", "max_concurrency: 16, mode: batch,",
                "latency_scale: 0.05", "latency_scale: 0",
                "\ncache:\n", "\nbatch: {" + batchKeys + "}\ncache:\n"));
        edits.putAll(more);
        return RunFixture.sampleConfig(tmp, input, tmp.resolve("cache-" + name), edits);
    }

    private static LabelerSimulator simulator(BatchSettings batches) {
        SimulatorProfile profile =
                SimulatorProfile.load(RunFixture.ROOT.resolve("configs/simulator/panel-default.yaml"));
        return LabelerSimulator.builder(profile)
                .seed(42)
                .latencyScale(0)
                .timeoutFaultHang(Duration.ofMillis(50))
                .batches(batches)
                .start();
    }

    private BatchStats runBatch(Path config, String out, BatchSettings batches) {
        try (LabelerSimulator sim = simulator(batches)) {
            assertEquals(
                    PipelineResult.State.DONE, RunFixture.runInProcess(config, tmp.resolve(out), "use", sim.baseUrl()));
            assertEquals(0, sim.stats().totalRequests(), "no online chat call in batch mode");
            BatchStats stats = sim.batchStats();
            assertEquals(stats.batchesCreated(), stats.filesUploaded(), stats.toString());
            assertEquals(0, stats.duplicateSubmissions(), stats.toString());
            return stats;
        }
    }

    @Test
    void everyRoleInBatchModeGivesTheOnlineLabels() throws Exception {
        BatchStats stats = runBatch(
                batchConfig("plain", INPUT, FAST + ", request_retries: 6", Map.of()),
                "batch",
                BatchSettings.DEFAULT.withProcessingTime(Duration.ofMillis(150)));
        assertTrue(stats.batchesCreated() >= 6, "a batch per labeler at least: " + stats);
        assertEquals(Map.of("completed", stats.batchesCreated()), stats.batchesByStatus());
        assertEquals(onlineLabels, RunFixture.labels(tmp.resolve("batch")));
    }

    @Test
    void aCensorChatPoolSubsetInBatchModeGivesTheOnlineLabels() throws Exception {
        assumeTrue(Files.isDirectory(RunFixture.POOLS), "skipped: the CensorChat pools are not at " + RunFixture.POOLS);
        String pools = RunFixture.poolSubset(tmp, "censorchat-subset", 100) + "/*.json";
        Set<String> poolLabels = labelOnline(pools, "pools-online");
        assertTrue(poolLabels.size() > 200, "CensorChat items: " + poolLabels.size());
        runBatch(
                batchConfig("pools", pools, FAST + ", request_retries: 6", Map.of()),
                "pools-batch",
                BatchSettings.DEFAULT.withProcessingTime(Duration.ofMillis(150)));
        assertEquals(poolLabels, RunFixture.labels(tmp.resolve("pools-batch")));
    }

    @Test
    void errorFileEntriesAnExpiredAndAFailedBatchAreRetriedToTheSameLabels() throws Exception {
        BatchStats stats = runBatch(
                batchConfig("faults", INPUT, FAST + ", request_retries: 8, max_resubmits: 3", Map.of()),
                "faults",
                BatchSettings.DEFAULT
                        .withRequestErrorRate(0.2)
                        .withExpiredBatches(2)
                        .withFailedBatches(3));
        assertEquals(1L, stats.batchesByStatus().get("expired"), stats.toString());
        assertEquals(1L, stats.batchesByStatus().get("failed"), stats.toString());
        assertTrue(stats.resubmittedRequests() > 0, stats.toString());
        assertEquals(onlineLabels, RunFixture.labels(tmp.resolve("faults")));
    }

    @Test
    void retriesThatRunOutEndAsStatedNoVotes() throws Exception {
        runBatch(
                batchConfig("broken", INPUT, FAST + ", request_retries: 1", Map.of()),
                "broken",
                BatchSettings.DEFAULT.withRequestErrorRate(1.0));
        List<Outputs.Row> rows = Outputs.readAll(tmp.resolve("broken"));
        assertEquals(onlineLabels.size(), rows.size(), "every item is written");
        for (Outputs.Row row : rows) {
            GenericRecord r = row.record();
            assertEquals(null, r.get("label"));
            assertNotNull(r.get("unlabeled_reason"));
            @SuppressWarnings("unchecked")
            List<GenericRecord> votes = (List<GenericRecord>) r.get("votes");
            for (GenericRecord vote : votes) {
                assertEquals(
                        "call-failed: batch-request-error",
                        vote.get("no_vote_reason").toString());
                assertEquals(2, (int) vote.get("attempts"), "sent twice: once and one retry");
            }
        }
    }

    @Test
    void aKilledRunStartedAgainPollsItsBatchesAndSubmitsNothingTwice() throws Exception {
        try (LabelerSimulator sim = simulator(BatchSettings.DEFAULT.withProcessingTime(Duration.ofSeconds(2)))) {
            Path cache = tmp.resolve("cache-killed");
            Path config = batchConfig(
                    "killed", INPUT, FAST, Map.of("base_url: simulator", "base_url: '" + sim.baseUrl() + "'"));
            Path out = tmp.resolve("killed");
            Path journal = cache.resolve("batches.jsonl");
            RunFixture.killWhen(config, out, tmp.resolve("killed.log"), () -> submitted(journal) >= 4);
            BatchStats atKill = sim.batchStats();
            assertTrue(atKill.batchesByStatus().containsKey("in_progress"), "killed while batches ran: " + atKill);

            String text = RunFixture.rerun(config, out, tmp.resolve("rerun.log"));
            assertTrue(text.contains("Resuming batch"), text);
            assertTrue(text.contains("  batches "), "the summary names the batches: " + text);
            BatchStats after = sim.batchStats();
            // run-summary.json: what the rerun submitted itself, and how the batches it waited on ended.
            JsonNode batches = new ObjectMapper()
                    .readTree(out.resolve("run-summary.json").toFile())
                    .path("batches");
            assertEquals(
                    after.batchesCreated() - atKill.batchesCreated(),
                    batches.path("submitted").asLong(),
                    text);
            assertTrue(batches.path("ended").path("completed").asLong() >= 1, batches.toString());
            assertEquals(0, after.duplicateSubmissions(), "no request was submitted twice: " + after);
            assertFalse(after.batchesByStatus().containsKey("in_progress"), after.toString());
            assertEquals(0, sim.stats().totalRequests(), "no online chat call");
        }
        assertEquals(onlineLabels, RunFixture.labels(tmp.resolve("killed")));
    }

    private static long submitted(Path journal) {
        try {
            return Files.exists(journal)
                    ? Files.readAllLines(journal).stream()
                            .filter(l -> l.contains("\"submitted\""))
                            .count()
                    : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
