package dev.labelpanel.runners.spark;

import dev.labelpanel.pipelines.RunnerParity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same answer on every runner: the sample (simulator faults off, SIMULATION) run by this module's fat jar on the
 * Direct runner and on Spark in local mode with two threads, each with a fresh simulator of the same seed and no
 * response cache, writes the same rows, dead letters and run summary.
 */
class SparkRunnerParityIT {
    @TempDir
    Path tmp;

    @Test
    void sparkWritesWhatTheDirectRunnerWrites() throws Exception {
        // Local mode talks to nothing outside this machine: keep Spark's driver on loopback.
        RunnerParity.assertRunnerWritesWhatDirectWrites(
                tmp,
                "runners/spark",
                "labelpanel-spark",
                List.of("--runner", "SparkRunner", "--sparkMaster=local[2]"),
                Map.of("SPARK_LOCAL_IP", "127.0.0.1"));
    }
}
