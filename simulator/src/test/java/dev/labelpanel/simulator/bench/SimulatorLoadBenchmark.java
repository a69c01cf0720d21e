package dev.labelpanel.simulator.bench;

import dev.labelpanel.simulator.LabelerSimulator;
import dev.labelpanel.simulator.SimulatorStats;
import dev.labelpanel.simulator.profile.PromptTemplates;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load benchmark of the simulator over loopback (127.0.0.1 only). The client runs in the same JVM and shares the
 * machine's cores with the server, so the figures are lower bounds for the server. It is a minimal keep-alive
 * HTTP/1.1 client ({@link LoopbackConnection}), because general-purpose clients cost more CPU per call than the server.
 *
 * <ol>
 *   <li>Throughput: zero latency, {@code connections} keep-alive connections each driven by one thread,
 *       {@code requests} in total (after a warm-up of up to 20,000).
 *   <li>Concurrency: {@code delayed} connections each send one request to a model with a fixed 1 s latency, all
 *       before the first answer is due; reports in-flight counts from the stats and the server's live thread count.
 * </ol>
 *
 * Run (see BENCHMARKS.md): {@code mvn -B -q -pl simulator package -DskipTests && java -cp
 * simulator/target/labelpanel-simulator-0.1.0-SNAPSHOT-all.jar:simulator/target/test-classes
 * dev.labelpanel.simulator.bench.SimulatorLoadBenchmark [requests] [connections] [delayed]}. Not part of the test run.
 */
public final class SimulatorLoadBenchmark {
    private static final String PROFILE = "seed: 7\n"
            + "models:\n"
            + "  - name: bench-model\n"
            + "    accuracy: 0.9\n"
            + "    off_format_rate: 0.05\n"
            + "    latency: {median_ms: 1000, p99_ms: 1000, per_output_token_ms: 0}\n";

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int delayed = args.length > 2 ? Integer.parseInt(args[2]) : 2_500;
        SimulatorProfile profile = SimulatorProfile.parse(PROFILE, Path.of("."));
        System.out.printf(
                "cores=%d java=%s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        try (LabelerSimulator sim =
                LabelerSimulator.builder(profile).latencyScale(0).start()) {
            throughput(sim, Math.min(20_000, requests), concurrency, "warm-up");
            throughput(sim, requests, concurrency, "throughput");
        }
        try (LabelerSimulator sim =
                LabelerSimulator.builder(profile).latencyScale(1).start()) {
            concurrent(sim, delayed);
        }
        System.exit(0);
    }

    private static void throughput(LabelerSimulator sim, int requests, int connections, String phase) throws Exception {
        sim.resetStats();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Thread> drivers = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            Thread driver = new Thread(
                    () -> {
                        try (LoopbackConnection connection = new LoopbackConnection(sim.port())) {
                            for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                                connection.send(LoopbackConnection.post("/v1/chat/completions", sim.port(), body(i)));
                                if (connection.readStatus() == 200) {
                                    ok.incrementAndGet();
                                } else {
                                    failed.incrementAndGet();
                                }
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    },
                    "bench-driver-" + c);
            driver.start();
            drivers.add(driver);
        }
        for (Thread driver : drivers) {
            driver.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        SimulatorStats stats = sim.stats();
        System.out.printf(
                "%s: %d requests (%d ok, %d failed) over %d keep-alive connections, %.2f s -> %.0f requests/s;"
                        + " server counted %d%n",
                phase,
                requests,
                ok.get(),
                failed.get(),
                connections,
                seconds,
                requests / seconds,
                stats.totalRequests());
    }

    private static void concurrent(LabelerSimulator sim, int delayed) throws Exception {
        long threadsBefore = serverThreads();
        List<LoopbackConnection> connections = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < delayed; i++) {
            LoopbackConnection connection = new LoopbackConnection(sim.port());
            connection.send(LoopbackConnection.post("/v1/chat/completions", sim.port(), body(i)));
            connections.add(connection);
        }
        double firedAfter = (System.nanoTime() - start) / 1e9;
        long threadsWhileWaiting = serverThreads();
        long inFlightWhileWaiting = sim.stats().inFlight();
        int ok = 0;
        for (LoopbackConnection connection : connections) {
            ok += connection.readStatus() == 200 ? 1 : 0;
            connection.close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        SimulatorStats stats = sim.stats();
        System.out.printf(
                "concurrency: %d requests with 1 s simulated latency on %d connections, all sent in %.2f s; %d ok after"
                        + " %.2f s; in flight after sending %d, in-flight max %d; server threads %d before, %d while waiting"
                        + " (simulator-worker/timer + JDK HTTP-Dispatcher)%n",
                delayed,
                delayed,
                firedAfter,
                ok,
                seconds,
                inFlightWhileWaiting,
                stats.inFlightMax(),
                threadsBefore,
                threadsWhileWaiting);
    }

    /** Live threads belonging to the server: our worker pool and timer, and the JDK server's dispatcher. */
    private static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> name.startsWith("simulator-") || name.startsWith("HTTP-Dispatcher"))
                .count();
    }

    private static String body(int i) {
        String prompt = PromptTemplates.DEFAULT_UTTERANCE
                .replace("{labels}", "- NSFW: pornographic or sexually explicit content\n- SFW: everything else")
                .replace("{text}", "Benchmark utterance number " + (i % 10_000) + ", about the weather and trains.");
        return "{\"model\":\"bench-model\",\"messages\":[{\"role\":\"user\",\"content\":" + quote(prompt) + "}]}";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
