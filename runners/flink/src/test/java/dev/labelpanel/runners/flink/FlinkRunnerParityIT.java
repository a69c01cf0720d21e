package dev.labelpanel.runners.flink;

import dev.labelpanel.pipelines.RunnerParity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same answer on every runner: the sample (simulator faults off, SIMULATION) run by this module's fat jar on the
 * Direct runner and on an embedded Flink cluster with parallelism 2, each with a fresh simulator of the same seed
 * and no response cache, writes the same rows, dead letters and run summary.
 */
class FlinkRunnerParityIT {
    @TempDir
    Path tmp;

    @Test
    void flinkWritesWhatTheDirectRunnerWrites() throws Exception {
        RunnerParity.assertRunnerWritesWhatDirectWrites(
                tmp,
                "runners/flink",
                "labelpanel-flink",
                List.of("--runner", "FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"),
                Map.of());
    }
}
