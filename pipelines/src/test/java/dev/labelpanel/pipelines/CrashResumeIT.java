package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.pipelines.config.ConfigLoader;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.EmbeddedSimulator;
import dev.labelpanel.transforms.summary.CallCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A labeling run killed with SIGKILL part-way resumes from the durable response cache: the rerun asks the
 * simulator (SIMULATION) only for what the cache lacks (plus at most what was in flight), and writes the same
 * labels as a run that was never interrupted (same seed, same simulated answers).
 */
class CrashResumeIT {
    @TempDir
    Path tmp;

    @Test
    void aKilledRunResumesFromTheCacheAndEndsWithTheSameLabels() throws Exception {
        String input = "dialogues/openai.jsonl";
        Path cache = tmp.resolve("cache");
        Path instant = RunFixture.sampleConfig(tmp, input, cache, Map.of("latency_scale: 0.05", "latency_scale: 0"));

        // An uninterrupted run without the cache: the reference output and how many answers a whole run needs.
        Path reference = tmp.resolve("reference");
        try (EmbeddedSimulator sim =
                EmbeddedSimulator.start(ConfigLoader.load(instant).simulator())) {
            assertEquals(PipelineResult.State.DONE, RunFixture.runInProcess(instant, reference, "off", sim.baseUrl()));
        }
        long totalAnswers =
                RunFixture.callsTotal(RunSummary.read(reference.resolve("run-summary.json")), CallCount.ANSWERS);
        assertTrue(totalAnswers > 500, "a run big enough to kill part-way: " + totalAnswers + " answers");

        // The same run in a child JVM, slowed down so it can be killed part-way, then killed like kill -9.
        Path slow = RunFixture.sampleConfig(tmp, input, cache, Map.of("latency_scale: 0.05", "latency_scale: 0.6"));
        Path log = tmp.resolve("child.log");
        Process child = RunFixture.child(slow, tmp.resolve("killed"), log).start();
        long cachedAtKill;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (RunFixture.cachedAnswers(cache) < totalAnswers * 2 / 5 && child.isAlive()) {
                assertTrue(
                        System.nanoTime() < deadline, "the child cached too little in 90 s:\n" + Files.readString(log));
                child.waitFor(200, TimeUnit.MILLISECONDS);
            }
            assertTrue(
                    child.isAlive(),
                    "the child finished before it could be killed; slow it down:\n" + Files.readString(log));
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        cachedAtKill = RunFixture.cachedAnswers(cache);
        assertTrue(
                cachedAtKill >= totalAnswers * 2 / 5 && cachedAtKill < totalAnswers,
                cachedAtKill + " of " + totalAnswers + " answers cached at the kill");

        // The rerun against a fresh simulator: it pays only for what is missing.
        Path resumed = tmp.resolve("resumed");
        long requests;
        try (EmbeddedSimulator sim =
                EmbeddedSimulator.start(ConfigLoader.load(instant).simulator())) {
            assertEquals(PipelineResult.State.DONE, RunFixture.runInProcess(instant, resumed, "use", sim.baseUrl()));
            requests = sim.simulator().stats().totalRequests();
        }
        RunSummary summary = RunSummary.read(resumed.resolve("run-summary.json"));
        long inFlightBound = 6 * 16; // every labeler's max_concurrency in the sample config
        long misses = RunFixture.callsTotal(summary, CallCount.CACHE_MISSES);
        long attempts = RunFixture.callsTotal(summary, CallCount.ATTEMPTS);
        assertEquals(totalAnswers, RunFixture.callsTotal(summary, CallCount.ANSWERS));
        assertTrue(
                misses <= totalAnswers - cachedAtKill + inFlightBound,
                misses + " answers asked again; " + (totalAnswers - cachedAtKill) + " were missing from the cache");
        assertEquals(cachedAtKill, RunFixture.callsTotal(summary, CallCount.CACHE_HITS), "every cached answer is used");
        assertEquals(attempts, requests, "every HTTP request is an attempt of an answer the cache lacked");
        assertTrue(requests - misses <= misses / 10, "retries stay rare on the default profile: " + requests);
        assertEquals(RunFixture.labels(reference), RunFixture.labels(resumed));
    }
}
