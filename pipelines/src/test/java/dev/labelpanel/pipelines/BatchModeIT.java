package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.simulator.LabelerSimulator;
import dev.labelpanel.simulator.server.BatchSettings;
import dev.labelpanel.simulator.server.BatchStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch mode end to end against the simulator over real HTTP ({@link BatchRuns}): every role in {@code mode: batch}
 * decides every item exactly as an online run against the same simulator seed does (label, label_source,
 * stage1_label, every vote, calibration: {@link ItemDecisions}), on the whole sample and on the CensorChat pools;
 * error-file entries, an expired and a failed batch are retried or resubmitted to the same decisions; retries that
 * run out end as stated no-votes; and a run killed while batches are in progress, started again, polls them instead
 * of submitting anything twice (counted at the simulator) and writes the same decisions.
 *
 * <p>The pools: CI labels every {@value #CI_POOL_STRIDE}th record of both (read from ../shared/data/censorchat into
 * the test's temp folder), against models without faults (they change no answer, and their 429 pauses would make the
 * online run long); {@code -Dlabelpanel.batchPoolStride=1} labels both pools whole, read in place (BENCHMARKS.md,
 * "Batch mode on the whole CensorChat pools", has the command and its times).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchModeIT {
    static final int CI_POOL_STRIDE = 5;
    private static final String INPUT = "dialogues/openai.jsonl";
    private static final String FAST = BatchRuns.FAST;

    @TempDir
    static Path tmp;

    private Map<String, String> online;

    @BeforeAll
    void labelOnline() throws Exception {
        online = labelOnline(List.of(INPUT), "online", BatchRuns.DEFAULT_PROFILE);
        assertTrue(online.size() > 50, "the sample file gives items: " + online.size());
    }

    /**
     * The decisions of {@code inputs} labeled online, without a cache, into {@code tmp/<name>}, against a simulator
     * with {@code profile}.
     */
    private static Map<String, String> labelOnline(List<String> inputs, String name, Path profile) throws Exception {
        Path config = RunFixture.sampleConfig(tmp, inputs, tmp.resolve("cache-" + name), BatchRuns.online(Map.of()));
        double seconds = BatchRuns.runOnline(config, tmp.resolve(name), profile);
        System.out.printf("BatchModeIT %s: online run %.1f s%n", name, seconds);
        return ItemDecisions.of(tmp.resolve(name));
    }

    /** Every labeler in batch mode, reading {@code inputs}, with the given {@code batch:} keys. */
    private Path batchConfig(String name, List<String> inputs, String batchKeys, Map<String, String> more)
            throws Exception {
        return RunFixture.sampleConfig(
                tmp, inputs, tmp.resolve("cache-" + name), BatchRuns.everyRoleInBatch(batchKeys, more));
    }

    private Path batchConfig(String name, String input, String batchKeys, Map<String, String> more) throws Exception {
        return batchConfig(name, List.of(input), batchKeys, more);
    }

    private BatchStats runBatch(Path config, String out, BatchSettings batches) {
        long start = System.nanoTime();
        BatchStats stats = BatchRuns.runBatch(config, tmp.resolve(out), batches);
        System.out.printf("BatchModeIT %s: batch run %.1f s, %s%n", out, BatchRuns.seconds(start), stats);
        return stats;
    }

    private static void assertSameDeadLetters(String online, String batch) throws Exception {
        assertEquals(summary(online).deadLetters(), summary(batch).deadLetters(), "dead letters");
    }

    private static Set<String> configHashes(String run) throws Exception {
        return Outputs.readAll(tmp.resolve(run)).stream()
                .map(r -> r.get("config_hash"))
                .collect(java.util.stream.Collectors.toSet());
    }

    private static RunSummary summary(String run) throws Exception {
        return RunSummary.read(tmp.resolve(run).resolve(LabelPanelPipeline.SUMMARY_FILE));
    }

    @Test
    void everyRoleInBatchModeDecidesTheWholeSampleAsOnline() throws Exception {
        List<String> sample = RunFixture.wholeSample();
        Map<String, String> expected = labelOnline(sample, "sample-online", BatchRuns.DEFAULT_PROFILE);
        assertTrue(expected.size() > 900, "the sample's items: " + expected.size());
        BatchStats stats = runBatch(
                batchConfig("sample", sample, FAST + ", request_retries: 6", Map.of()),
                "sample-batch",
                BatchRuns.PROCESSING);
        assertTrue(stats.batchesCreated() >= 6, "a batch per labeler at least: " + stats);
        assertEquals(Map.of("completed", stats.batchesCreated()), stats.batchesByStatus());
        ItemDecisions.assertSame(expected, ItemDecisions.of(tmp.resolve("sample-batch")), "the whole sample");
        assertTrue(summary("sample-batch").deadLetters() > 0, "the sample's broken records are in");
        assertSameDeadLetters("sample-online", "sample-batch");
        assertEquals(configHashes("sample-online"), configHashes("sample-batch"), "mode is not part of config_hash");
    }

    @Test
    void theCensorChatPoolsInBatchModeAreDecidedAsOnline() throws Exception {
        assumeTrue(Files.isDirectory(RunFixture.POOLS), "skipped: the CensorChat pools are not at " + RunFixture.POOLS);
        int stride = Integer.getInteger("labelpanel.batchPoolStride", CI_POOL_STRIDE);
        String pools =
                (stride == 1 ? RunFixture.POOLS : RunFixture.poolSubset(tmp, "censorchat-subset", stride)) + "/*.json";
        Path profile = SampleConfigs.faultFreeProfile(tmp);
        Map<String, String> expected = labelOnline(List.of(pools), "pools-online", profile);
        assertTrue(expected.size() > 15_000 / stride, "CensorChat items: " + expected.size());
        long start = System.nanoTime();
        BatchStats stats = BatchRuns.runBatch(
                batchConfig("pools", pools, FAST + ", request_retries: 6", Map.of()),
                tmp.resolve("pools-batch"),
                BatchRuns.PROCESSING,
                profile);
        System.out.printf("BatchModeIT pools-batch: batch run %.1f s, %s%n", BatchRuns.seconds(start), stats);
        ItemDecisions.assertSame(
                expected,
                ItemDecisions.of(tmp.resolve("pools-batch")),
                "the CensorChat pools, every " + stride + "th record");
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
        ItemDecisions.assertSame(online, ItemDecisions.of(tmp.resolve("faults")), "with faults");
    }

    @Test
    void retriesThatRunOutEndAsStatedNoVotes() throws Exception {
        runBatch(
                batchConfig("broken", INPUT, FAST + ", request_retries: 1", Map.of()),
                "broken",
                BatchSettings.DEFAULT.withRequestErrorRate(1.0));
        List<Outputs.Row> rows = Outputs.readAll(tmp.resolve("broken"));
        assertEquals(online.size(), rows.size(), "every item is written");
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
        try (LabelerSimulator sim =
                BatchRuns.simulator(BatchSettings.DEFAULT.withProcessingTime(Duration.ofSeconds(2)))) {
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
        ItemDecisions.assertSame(online, ItemDecisions.of(tmp.resolve("killed")), "killed and rerun");
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
