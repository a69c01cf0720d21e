package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labelpanel.simulator.LabelerSimulator;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import dev.labelpanel.simulator.server.BatchSettings;
import dev.labelpanel.simulator.server.BatchStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;

/**
 * Batch-mode runs of the sample config against the simulator over real HTTP ({@code /v1/files}, {@code
 * /v1/batches}), and the online runs they must equal: the same simulator seed, no latency (timeout faults cut to
 * 50 ms), and batches that go out after 200 ms and are polled every 100–400 ms, so the runs take seconds.
 */
final class BatchRuns {
    /** {@code batch:} keys that keep batch runs fast. */
    static final String FAST = "max_wait: 200ms, poll_interval: 100ms, max_poll_interval: 400ms";
    /** Batches in progress for 150 ms, every request answered. */
    static final BatchSettings PROCESSING = BatchSettings.DEFAULT.withProcessingTime(Duration.ofMillis(150));

    static final Path DEFAULT_PROFILE = RunFixture.ROOT.resolve("configs/simulator/panel-default.yaml");

    private BatchRuns() {}

    /** Edits of the sample config for an online run: no latency, then {@code more}. */
    static Map<String, String> online(Map<String, String> more) {
        Map<String, String> edits = new HashMap<>(Map.of("latency_scale: 0.05", "latency_scale: 0"));
        edits.putAll(more);
        return edits;
    }

    /** Edits of the sample config that put every labeler in {@code mode: batch} with {@code batchKeys}. */
    static Map<String, String> everyRoleInBatch(String batchKeys, Map<String, String> more) {
        Map<String, String> edits = new HashMap<>(online(more));
        edits.put("max_concurrency: 16,", "max_concurrency: 16, mode: batch,");
        edits.put("\ncache:\n", "\nbatch: {" + batchKeys + "}\ncache:\n");
        return edits;
    }

    /** A simulator with configs/simulator/panel-default.yaml (whose models have faults: 429s, 5xx, timeouts…). */
    static LabelerSimulator simulator(BatchSettings batches) {
        return simulator(DEFAULT_PROFILE, batches);
    }

    /**
     * A simulator with {@code profile}, e.g. SampleConfigs.faultFreeProfile: the models' faults change no answer,
     * but the 429s' Retry-After pauses make large online runs slow.
     */
    static LabelerSimulator simulator(Path profile, BatchSettings batches) {
        return LabelerSimulator.builder(SimulatorProfile.load(profile))
                .seed(42)
                .latencyScale(0)
                .timeoutFaultHang(Duration.ofMillis(50))
                .batches(batches)
                .start();
    }

    /**
     * Runs {@code config} online, cache off, into {@code out} against a simulator with {@code profile}; returns the
     * run's wall time in seconds.
     */
    static double runOnline(Path config, Path out, Path profile) {
        long start = System.nanoTime();
        try (LabelerSimulator sim = simulator(profile, BatchSettings.DEFAULT)) {
            assertEquals(PipelineResult.State.DONE, RunFixture.runInProcess(config, out, "off", sim.baseUrl()));
        }
        return seconds(start);
    }

    /**
     * Runs the batch-mode {@code config} into {@code out} against a simulator with {@code batches}; asserts no chat
     * call went online, every batch came from one upload and no request was submitted twice.
     */
    static BatchStats runBatch(Path config, Path out, BatchSettings batches) {
        return runBatch(config, out, batches, DEFAULT_PROFILE);
    }

    /** {@link #runBatch(Path, Path, BatchSettings)} against a simulator with {@code profile}. */
    static BatchStats runBatch(Path config, Path out, BatchSettings batches, Path profile) {
        try (LabelerSimulator sim = simulator(profile, batches)) {
            assertEquals(PipelineResult.State.DONE, RunFixture.runInProcess(config, out, "use", sim.baseUrl()));
            assertEquals(0, sim.stats().totalRequests(), "no online chat call in batch mode");
            BatchStats stats = sim.batchStats();
            assertEquals(stats.batchesCreated(), stats.filesUploaded(), stats.toString());
            assertEquals(0, stats.duplicateSubmissions(), stats.toString());
            return stats;
        }
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
