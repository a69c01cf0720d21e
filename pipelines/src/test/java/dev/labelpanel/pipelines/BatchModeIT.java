package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.simulator.LabelerSimulator;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import dev.labelpanel.simulator.server.BatchSettings;
import dev.labelpanel.simulator.server.BatchStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch mode end to end on the sample data against the simulator over real HTTP: every role in {@code mode: batch}
 * gives exactly the labels of an online run against the same simulator seed, with no chat call at all; the requests
 * went out as batches through {@code /v1/files} and {@code /v1/batches}.
 */
class BatchModeIT {
    @TempDir
    Path tmp;

    /** Every labeler in batch mode, with short waits so the sample runs in seconds. */
    static Map<String, String> batchEdits(String batchSection) {
        return Map.of(
                "max_concurrency: 16,", "max_concurrency: 16, mode: batch,",
                "latency_scale: 0.05", "latency_scale: 0",
                "\ncache:\n", "\nbatch: " + batchSection + "\ncache:\n");
    }

    static final String FAST = "{max_wait: 200ms, poll_interval: 100ms, max_poll_interval: 400ms, request_retries: 6}";

    static LabelerSimulator simulator(BatchSettings batches) {
        SimulatorProfile profile =
                SimulatorProfile.load(RunFixture.ROOT.resolve("configs/simulator/panel-default.yaml"));
        return LabelerSimulator.builder(profile)
                .seed(42)
                .latencyScale(0)
                .batches(batches)
                .start();
    }

    @Test
    void everyRoleInBatchModeGivesTheOnlineLabels() throws Exception {
        Path online = RunFixture.sampleConfig(
                tmp,
                "dialogues/openai.jsonl",
                tmp.resolve("cache-online"),
                Map.of("latency_scale: 0.05", "latency_scale: 0"));
        Path batch =
                RunFixture.sampleConfig(tmp, "dialogues/openai.jsonl", tmp.resolve("cache-batch"), batchEdits(FAST));
        try (LabelerSimulator sim = simulator(BatchSettings.DEFAULT.withProcessingTime(Duration.ofMillis(150)))) {
            assertEquals(
                    PipelineResult.State.DONE,
                    RunFixture.runInProcess(online, tmp.resolve("online"), "off", sim.baseUrl()));
            long onlineCalls = sim.stats().totalRequests();
            sim.resetStats();
            assertEquals(
                    PipelineResult.State.DONE,
                    RunFixture.runInProcess(batch, tmp.resolve("batch"), "use", sim.baseUrl()));
            assertEquals(0, sim.stats().totalRequests(), "no online chat call in batch mode");
            BatchStats stats = sim.batchStats();
            assertTrue(stats.batchesCreated() >= 3, "panel, filler and calibrator batches: " + stats);
            assertEquals(stats.batchesCreated(), stats.filesUploaded(), stats.toString());
            assertEquals(Map.of("completed", stats.batchesCreated()), stats.batchesByStatus());
            assertTrue(onlineCalls > 0);
        }
        Set<String> onlineLabels = RunFixture.labels(tmp.resolve("online"));
        assertTrue(onlineLabels.size() > 50, "the sample file gives items: " + onlineLabels.size());
        assertEquals(onlineLabels, RunFixture.labels(tmp.resolve("batch")));
    }
}
