package dev.labelpanel.transforms.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.simulator.LabelerSimulator;
import dev.labelpanel.simulator.ModelStats;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import dev.labelpanel.transforms.llm.internal.ClientEnvironment;
import dev.labelpanel.transforms.llm.internal.HttpLlmClient;
import dev.labelpanel.transforms.llm.internal.SharedHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against the labeler simulator over real loopback HTTP, in real time (small latencies). */
class LlmClientSimulatorTest {
    static {
        TestLogging.enableDebug();
    }

    private static final String PROFILE = """
      seed: 11
      timeout_fault_hang_ms: 2000
      models:
        - name: sim-steady
          accuracy: 0.9
          latency: {median_ms: 50, p99_ms: 50, per_output_token_ms: 0}
        - name: sim-faulty
          accuracy: 0.9
          latency: {median_ms: 0, p99_ms: 0, per_output_token_ms: 0}
          faults: {rate_limited: 0.30, retry_after_seconds: 0, retry_after_http_date_share: 0.0,
                   server_error: 0.05, dropped_connection: 0.02, malformed_body: 0.02}
        - name: sim-limited
          accuracy: 0.9
          latency: {median_ms: 0, p99_ms: 0, per_output_token_ms: 0}
          rate_limits: {requests_per_minute: 1200}
      """;

    @TempDir
    Path dir;

    private LabelerSimulator simulator() {
        return LabelerSimulator.builder(SimulatorProfile.parse(PROFILE, dir))
                .seed(11)
                .latencyScale(1.0)
                .start();
    }

    private static HttpLlmClient client(LabelerSimulator sim, String model, UnaryOperator<LlmEndpoint.Builder> tweak) {
        LlmEndpoint endpoint =
                tweak.apply(LlmEndpoint.builder(model, sim.baseUrl(), model)).build();
        return HttpLlmClient.create(endpoint, SharedHttp.base(), ClientEnvironment.system());
    }

    /** Sends {@code calls} distinct prompts at once and waits for all of them. */
    private static List<ChatResult> run(HttpLlmClient client, int calls, String tag) throws Exception {
        List<CompletableFuture<ChatResult>> futures = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            futures.add(client.complete(ChatRequest.of(ChatMessage.user("Is item " + tag + "-" + i + " safe?"))));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        List<ChatResult> results = new ArrayList<>();
        for (CompletableFuture<ChatResult> f : futures) {
            results.add(f.join());
        }
        return results;
    }

    @Test
    void inFlightReachesTheCapAndNeverExceedsIt() throws Exception {
        try (LabelerSimulator sim = simulator()) {
            HttpLlmClient client = client(sim, "sim-steady", b -> b.maxConcurrency(8));

            List<ChatResult> results = run(client, 2000, "cap");

            assertEquals(2000, results.size());
            assertEquals(2000, sim.stats().model("sim-steady").requests());
            assertEquals(8, sim.stats().inFlightMax(), "in flight at the simulator, at most");
            assertEquals(0, client.inFlight());
        }
    }

    @Test
    void everyCallSucceedsThroughRateLimitsServerErrorsDropsAndMalformedBodies() throws Exception {
        int calls = 300;
        int maxAttempts = 10;
        try (LabelerSimulator sim = simulator()) {
            HttpLlmClient client =
                    client(sim, "sim-faulty", b -> b.maxConcurrency(32).maxAttempts(maxAttempts));

            List<ChatResult> results = run(client, calls, "faults");

            long attempts = results.stream().mapToLong(ChatResult::attempts).sum();
            assertTrue(results.stream().allMatch(r -> r.attempts() <= maxAttempts));
            ModelStats stats = sim.stats().model("sim-faulty");
            assertEquals(
                    attempts,
                    stats.requests(),
                    "every attempt reached the simulator once (backup copies sent: " + client.hedges()
                            + ", connections the simulator dropped: " + stats.faults("dropped_connection") + ")");
            assertTrue(stats.faults("rate_limited") > 50, "429s were exercised: " + stats.faults());
            assertTrue(
                    stats.faults("dropped_connection") > 0 && stats.faults("malformed_body") > 0, "" + stats.faults());
            // 39% of attempts fault, so the expected attempts per call are 1 / 0.61 ≈ 1.64. The simulator's draws are
            // deterministic per seed; a call needs all 10 attempts to fault to fail (0.39^10 ≈ 1e-4 per call).
            double perCall = (double) attempts / calls;
            assertTrue(perCall >= 1.3 && perCall <= 2.0, "attempts per call " + perCall);
        }
    }

    /**
     * A client of {@code sim-limited} with 64 calls in flight and {@code tweak}, after draining the simulator's
     * 1,200-request bucket to about 10 requests (plus what refills meanwhile) and resetting its stats.
     */
    private static HttpLlmClient drainedClient(LabelerSimulator sim, UnaryOperator<LlmEndpoint.Builder> tweak)
            throws Exception {
        run(client(sim, "sim-limited", b -> b.name("drain").maxConcurrency(64).maxAttempts(1)), 1190, "drain");
        sim.resetStats();
        return client(sim, "sim-limited", b -> tweak.apply(b.maxConcurrency(64)));
    }

    @Test
    void withoutABudgetABurstHitsTheSimulatorsRateLimit() throws Exception {
        try (LabelerSimulator sim = simulator()) {
            HttpLlmClient client = drainedClient(sim, b -> b.maxAttempts(1));
            List<CompletableFuture<ChatResult>> burst = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                burst.add(client.complete(ChatRequest.of(ChatMessage.user("burst " + i))));
            }
            CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new))
                    .exceptionally(t -> null)
                    .get(30, TimeUnit.SECONDS);
            assertTrue(sim.stats().model("sim-limited").rateLimited() > 0, "the control burst must be throttled");
        }
    }

    @Test
    void anRpmBudgetBelowTheSimulatorsLimitNeverDrawsA429() throws Exception {
        try (LabelerSimulator sim = simulator()) {
            // 600 RPM = 10/s with a burst of 10; the simulator refills 20/s and holds at least 10.
            HttpLlmClient client = drainedClient(sim, b -> b.requestsPerMinute(600));

            List<ChatResult> results = run(client, 30, "budget");

            assertEquals(30, results.size());
            ModelStats stats = sim.stats().model("sim-limited");
            assertEquals(0, stats.rateLimited(), "the simulator never had to throttle");
            assertEquals(30, stats.requests());
            assertTrue(results.stream().allMatch(r -> r.attempts() == 1));
        }
    }

    /**
     * At latency scale 0 no simulated time passes, so nothing the simulator sends makes the client wait: a 429 fault's
     * 5 s {@code Retry-After} (seconds or an HTTP date) is 0, and a 5-per-minute limit never refuses. The client's
     * clock runs every delay under a second at once and holds longer ones forever, so a wait the simulator asked for
     * in unscaled seconds would leave calls unfinished.
     */
    @Test
    void atLatencyScaleZeroTheSimulatorNeverAsksTheClientToWait() throws Exception {
        String profile = """
          seed: 11
          models:
            - name: sim-instant
              accuracy: 0.9
              faults: {rate_limited: 0.4, retry_after_seconds: 5, retry_after_http_date_share: 0.5}
              rate_limits: {requests_per_minute: 5}
          """;
        try (LabelerSimulator sim = LabelerSimulator.builder(SimulatorProfile.parse(profile, dir))
                        .seed(11)
                        .latencyScale(0)
                        .start();
                FakeTime time = FakeTime.autoBelow(Duration.ofSeconds(1))) {
            LlmEndpoint endpoint = LlmEndpoint.builder("instant", sim.baseUrl(), "sim-instant")
                    .maxConcurrency(4)
                    .maxAttempts(10)
                    .build();
            // Its own connection pool, emptied at the end: no idle connection outlives this simulator's port.
            okhttp3.ConnectionPool pool = new okhttp3.ConnectionPool();
            HttpLlmClient client = HttpLlmClient.create(
                    endpoint,
                    SharedHttp.base().newBuilder().connectionPool(pool).build(),
                    ClientEnvironment.system().withTime(time));
            try {
                List<ChatResult> results = run(client, 40, "instant");

                assertEquals(40, results.size());
                ModelStats stats = sim.stats().model("sim-instant");
                assertTrue(stats.faults("rate_limited") > 5, "429 faults were exercised: " + stats.faults());
                assertEquals(0, stats.rateLimited(), "the rate limit itself never refused");
            } finally {
                pool.evictAll();
            }
        }
    }

    @Test
    void llmClientsSharesOneClientPerEndpoint() {
        LlmEndpoint a = LlmEndpoint.builder("a", "http://127.0.0.1:9/v1", "m").build();
        LlmEndpoint sameAsA =
                LlmEndpoint.builder("a", "http://127.0.0.1:9/v1", "m").build();
        LlmEndpoint b = a.toBuilder().maxConcurrency(4).build();
        assertTrue(LlmClients.get(a) == LlmClients.get(sameAsA));
        assertTrue(LlmClients.get(a) != LlmClients.get(b));
        assertEquals(Duration.ofSeconds(60), LlmClients.get(a).endpoint().requestTimeout());
    }
}
