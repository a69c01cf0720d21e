package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.pipelines.report.ProgressReporter;
import dev.labelpanel.simulator.LabelerSimulator;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import dev.labelpanel.simulator.server.BatchSettings;
import dev.labelpanel.simulator.server.BatchStats;
import dev.labelpanel.transforms.label.BatchMetrics;
import dev.labelpanel.transforms.llm.LlmClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster runner sums Beam metrics over its workers, where each worker's batch clients count only their own
 * batches: so the batch counts of a run must reach the job's metrics, not only the counters of the JVM that labeled.
 * Every role in batch mode on a sample file, with error-file entries, a failed and an expired batch (SIMULATION):
 * the job's metrics alone count exactly the batches and requests the simulated Batch API received, and how each
 * batch ended.
 */
class BatchMetricsIT {
    @TempDir
    Path tmp;

    @Test
    void theJobsMetricsCountEveryBatchTheBatchApiReceived() throws Exception {
        Path config = RunFixture.sampleConfig(
                tmp,
                "dialogues/openai.jsonl",
                tmp.resolve("cache"),
                Map.of(
                        "max_concurrency: 16,", "max_concurrency: 16, mode: batch,",
                        "latency_scale: 0.05", "latency_scale: 0",
                        "\ncache:\n", "\nbatch: {" + RunnerParity.FAST_BATCHES + ", request_retries: 6}\ncache:\n"));
        SimulatorProfile profile =
                SimulatorProfile.load(RunFixture.ROOT.resolve("configs/simulator/panel-default.yaml"));
        BatchSettings batches = BatchSettings.DEFAULT
                .withProcessingTime(Duration.ofMillis(150))
                .withRequestErrorRate(0.05)
                .withFailedBatches(2)
                .withExpiredBatches(4);
        try (LabelerSimulator sim = LabelerSimulator.builder(profile)
                .seed(42)
                .latencyScale(0)
                .timeoutFaultHang(Duration.ofMillis(50))
                .batches(batches)
                .start()) {
            BatchMetrics.unreported(); // what earlier tests in this JVM left is not this job's
            PipelineResult job = RunFixture.finishedJob(config, tmp.resolve("out"), "off", sim.baseUrl());
            assertEquals(PipelineResult.State.DONE, job.getState());
            BatchStats received = sim.batchStats();

            LlmClients.BatchProgress counted = BatchMetrics.fromCounters(ProgressReporter.counters(job));
            assertTrue(received.batchesCreated() >= 6, "a batch per labeler at least: " + received);
            assertTrue(received.batchesByStatus().containsKey("failed"), received.toString());
            assertTrue(received.batchesByStatus().containsKey("expired"), received.toString());
            assertEquals(received.batchesCreated(), counted.batchesSubmitted(), counted + " vs " + received);
            assertEquals(received.requestsSubmitted(), counted.requestsSubmitted(), counted + " vs " + received);
            assertEquals(received.batchesByStatus(), counted.endedByStatus(), counted + " vs " + received);
        }
    }
}
