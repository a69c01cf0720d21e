package dev.labelpanel.transforms.llm.bench;

import dev.labelpanel.simulator.LabelerSimulator;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import dev.labelpanel.transforms.llm.ChatMessage;
import dev.labelpanel.transforms.llm.ChatRequest;
import dev.labelpanel.transforms.llm.ChatResult;
import dev.labelpanel.transforms.llm.LlmEndpoint;
import dev.labelpanel.transforms.llm.internal.ClientEnvironment;
import dev.labelpanel.transforms.llm.internal.HttpLlmClient;
import dev.labelpanel.transforms.llm.internal.SharedHttp;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hedged requests A/B (issue #14): the same calls against two fresh simulators with the same profile and seed (so
 * the same attempts are slow), once with hedging off and once on, {@code concurrency} calls out at a time (like
 * items in flight). Prints per-call latency (submit to answer) p50 / p99 / max, wall time and extra HTTP attempts.
 * SIMULATION. Run (after test-compile): java -cp "$(cat cp.txt):transforms/target/classes:transforms/target/test-classes"
 * dev.labelpanel.transforms.llm.bench.HedgingBenchmark configs/simulator/heavy-tail.yaml 2000 16 1.0
 */
public final class HedgingBenchmark {
    private HedgingBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path profile = Path.of(args[0]);
        int calls = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        double scale = Double.parseDouble(args[3]);
        for (double fraction : new double[] {0, LlmEndpoint.DEFAULT_HEDGE_FRACTION}) {
            try (LabelerSimulator sim = LabelerSimulator.builder(SimulatorProfile.load(profile))
                    .seed(7)
                    .latencyScale(scale)
                    .start()) {
                LlmEndpoint endpoint = LlmEndpoint.builder("llama", sim.baseUrl(), "sim-llama-7b")
                        .maxConcurrency(concurrency)
                        .hedgeFraction(fraction)
                        .build();
                HttpLlmClient client = HttpLlmClient.create(endpoint, SharedHttp.base(), ClientEnvironment.system());
                run(client, calls, concurrency, fraction);
            }
        }
    }

    private static void run(HttpLlmClient client, int calls, int concurrency, double fraction) throws Exception {
        long[] latencies = new long[calls];
        AtomicLong attempts = new AtomicLong();
        AtomicLong wins = new AtomicLong();
        Semaphore room = new Semaphore(concurrency);
        CompletableFuture<?>[] all = new CompletableFuture<?>[calls];
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            room.acquire();
            int n = i;
            long t0 = System.nanoTime();
            ChatRequest request = ChatRequest.of(
                    ChatMessage.system("You label text."),
                    ChatMessage.user("Text: message number " + n + " about the weather"));
            all[i] = client.complete(request).whenComplete((ChatResult r, Throwable e) -> {
                latencies[n] = System.nanoTime() - t0;
                if (r != null) {
                    attempts.addAndGet(r.attempts());
                    if (r.hedgeWon()) {
                        wins.incrementAndGet();
                    }
                }
                room.release();
            });
        }
        CompletableFuture.allOf(all).join();
        double wall = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        System.out.printf(
                "hedge_fraction %.2f: %d calls, %d at a time: wall %.1f s; latency p50 %d ms, p99 %d ms,"
                        + " max %d ms; hedges %d (%.1f%% of calls), backup won %d; HTTP attempts %d%n",
                fraction,
                calls,
                concurrency,
                wall,
                latencies[calls / 2] / 1_000_000,
                latencies[(int) Math.ceil(calls * 0.99) - 1] / 1_000_000,
                latencies[calls - 1] / 1_000_000,
                client.hedges(),
                100.0 * client.hedges() / calls,
                wins.get(),
                attempts.get());
    }
}
