package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.pipelines.config.ConfigLoader;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.EmbeddedSimulator;
import dev.labelpanel.simulator.SimulatorStats;
import dev.labelpanel.transforms.llm.cache.LocalRedis;
import dev.labelpanel.transforms.summary.CallCount;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;

/**
 * The shared response cache ({@code cache.store: redis}) end to end: the sample config against the simulator
 * (SIMULATION) with a real redis-server on loopback. A first run fills Redis; a second run in another JVM, with no
 * local cache, labels everything from Redis with no request to the simulator and the same labels — what a second
 * worker machine sees.
 */
class RedisCacheIT {
    private static final String PREFIX = "it-sample:";

    @TempDir
    Path tmp;

    @Test
    void aRunInAnotherJvmWithNoLocalStateIsAnsweredFromRedisWithTheSameLabels() throws Exception {
        try (LocalRedis redis = LocalRedis.start(tmp.resolve("redis"));
                RedisClient raw = RedisClient.create("127.0.0.1", redis.port())) {
            // The sample config on one of its inputs (CI time); LabelingIT covers the whole sample with the SQLite
            // cache.
            Path sample = RunFixture.sampleConfig(
                    tmp,
                    "dialogues/openai.jsonl",
                    tmp.resolve("no-sqlite-cache"),
                    Map.of("latency_scale: 0.05", "latency_scale: 0"));
            try (EmbeddedSimulator sim =
                    EmbeddedSimulator.start(ConfigLoader.load(sample).simulator())) {
                Path config = redisConfig(sample, sim.baseUrl(), redis.url());

                Path first = tmp.resolve("first");
                assertEquals(PipelineResult.State.DONE, RunFixture.runInProcess(config, first, "use", sim.baseUrl()));
                RunSummary firstSummary = RunSummary.read(first.resolve("run-summary.json"));
                long answers = RunFixture.callsTotal(firstSummary, CallCount.ANSWERS);
                assertTrue(answers > 300, "panel, fill, calibration and self-criticism answers: " + answers);
                assertEquals(
                        answers, RunFixture.callsTotal(firstSummary, CallCount.CACHE_MISSES), "Redis started empty");
                assertTrue(stats(sim).totalRequests() >= answers, "the first run asked the simulator");
                assertEquals(answers, keys(raw, PREFIX), "one Redis key per answer, under the key prefix");
                assertEquals(answers, keys(raw, ""), "nothing written outside the prefix");

                resetStats(sim);
                Path second = tmp.resolve("second");
                Path freshHome = Files.createDirectories(tmp.resolve("fresh-home"));
                Path log = tmp.resolve("second.log");
                ProcessBuilder child = RunFixture.child(config, second, log, "--quiet");
                child.environment().put("HOME", freshHome.toString());
                child.environment()
                        .put("XDG_CACHE_HOME", freshHome.resolve(".cache").toString());
                Process process = child.start();
                assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the second run did not finish in 5 minutes");
                assertEquals(0, process.exitValue(), Files.readString(log));

                assertEquals(0, stats(sim).totalRequests(), "the second run asked the simulator nothing");
                RunSummary secondSummary = RunSummary.read(second.resolve("run-summary.json"));
                assertEquals(answers, RunFixture.callsTotal(secondSummary, CallCount.CACHE_HITS));
                assertEquals(0, RunFixture.callsTotal(secondSummary, CallCount.CACHE_MISSES));
                assertEquals(RunFixture.labels(first), RunFixture.labels(second));
                try (Stream<Path> files = Files.walk(freshHome)) {
                    assertEquals(1, files.count(), "no local cache file was made: Redis is the cache");
                }
                assertFalse(Files.exists(tmp.resolve("no-sqlite-cache")));
                assertEquals(answers, keys(raw, PREFIX), "a run answered from Redis stores nothing new");
            }
        }
    }

    @Test
    void anUnreachableRedisIsAConfigErrorNamingHostAndPortBeforeAnythingRuns() throws Exception {
        int port;
        try (LocalRedis gone = LocalRedis.start(tmp.resolve("gone"))) {
            port = gone.port();
        }
        Path sample = RunFixture.sampleConfig(tmp, "dialogues/openai.jsonl", tmp.resolve("no-sqlite-cache"), Map.of());
        Path config = redisConfig(sample, null, "redis://127.0.0.1:" + port + "/0");
        Path out = tmp.resolve("out");
        Path log = tmp.resolve("run.log");
        Process process = RunFixture.child(config, out, log, "--quiet").start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the run did not stop in 2 minutes");
        String output = Files.readString(log);
        assertEquals(2, process.exitValue(), output);
        assertTrue(
                output.contains("labelpanel: cannot use the Redis response cache at 127.0.0.1:" + port + " "), output);
        assertTrue(output.contains("--no-cache"), output);
        assertFalse(Files.exists(out.resolve("run-summary.json")), "nothing ran");
    }

    /**
     * {@code sample} with its cache in Redis at {@code redisUrl} under {@link #PREFIX}; with a {@code simulatorUrl},
     * its labelers call that simulator directly (no embedded one), so every run, in this JVM or a child, hits it.
     */
    private Path redisConfig(Path sample, String simulatorUrl, String redisUrl) throws Exception {
        String yaml = Files.readString(sample);
        String cache = "  dir: " + tmp.resolve("no-sqlite-cache");
        assertTrue(yaml.contains(cache), yaml);
        yaml = yaml.replace(cache, "  store: redis\n  url: " + redisUrl + "\n  key_prefix: \"" + PREFIX + "\"");
        if (simulatorUrl != null) {
            yaml = yaml.replace("base_url: simulator,", "base_url: \"" + simulatorUrl + "\",")
                    .replaceFirst("(?m)^simulator:\n(  .*\n)+", "");
            assertFalse(yaml.contains("simulator:"), yaml);
        }
        Path config = tmp.resolve("redis-" + Integer.toHexString(yaml.hashCode()) + ".yaml");
        Files.writeString(config, yaml);
        return config;
    }

    /** The simulator's counters as its {@code GET /stats} reports them. */
    private static SimulatorStats stats(EmbeddedSimulator sim) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(sim.simulator().rootUrl() + "/stats"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return new ObjectMapper().readValue(response.body(), SimulatorStats.class);
    }

    private static void resetStats(EmbeddedSimulator sim) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(sim.simulator().rootUrl() + "/stats/reset"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    /** Keys under {@code prefix} in Redis, counted with SCAN. */
    private static long keys(RedisClient raw, String prefix) {
        ScanParams params = new ScanParams().match(prefix + "*").count(1000);
        long count = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            var page = raw.scan(cursor, params);
            count += page.getResult().size();
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return count;
    }
}
