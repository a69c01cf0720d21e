package dev.labelpanel.simulator.bench;

import dev.labelpanel.simulator.LabelerSimulator;
import dev.labelpanel.simulator.SimulatorStats;
import dev.labelpanel.simulator.profile.PromptTemplates;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load benchmark of the simulator over loopback (127.0.0.1 only), with the JDK's asynchronous HTTP client in the same
 * JVM (so client and server share the machine's cores: the figures are lower bounds for the server).
 *
 * <ol>
 *   <li>Throughput: zero latency, {@code concurrency} requests kept in flight, {@code requests} in total.
 *   <li>Concurrency: {@code delayed} requests fired at once against a model with a fixed 1 s latency; reports the
 *       in-flight maximum from {@code /stats}, the wall time, and the server's live thread count.
 * </ol>
 *
 * Run (see BENCHMARKS.md): {@code mvn -B -q -pl simulator package -DskipTests && java -cp
 * simulator/target/labelpanel-simulator-0.1.0-SNAPSHOT-all.jar:simulator/target/test-classes
 * dev.labelpanel.simulator.bench.SimulatorLoadBenchmark [requests] [concurrency] [delayed]}. Not part of the test run.
 */
public final class SimulatorLoadBenchmark {
  private static final String PROFILE =
      "seed: 7\n"
          + "models:\n"
          + "  - name: bench-model\n"
          + "    accuracy: 0.9\n"
          + "    off_format_rate: 0.05\n"
          + "    latency: {median_ms: 1000, p99_ms: 1000, per_output_token_ms: 0}\n";

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int delayed = args.length > 2 ? Integer.parseInt(args[2]) : 2_500;
    SimulatorProfile profile = SimulatorProfile.parse(PROFILE, Path.of("."));
    System.out.printf("cores=%d java=%s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

    try (LabelerSimulator sim = LabelerSimulator.builder(profile).latencyScale(0).start()) {
      throughput(sim, Math.min(20_000, requests), concurrency, "warm-up");
      throughput(sim, requests, concurrency, "throughput");
    }
    try (LabelerSimulator sim = LabelerSimulator.builder(profile).latencyScale(1).start()) {
      concurrent(sim, client(), delayed);
    }
    System.exit(0);
  }

  private static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  }

  private static void throughput(LabelerSimulator sim, int requests, int connections, String phase)
      throws Exception {
    sim.resetStats();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Thread> drivers = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < connections; c++) {
      Thread driver = new Thread(() -> {
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
      }, "bench-driver-" + c);
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
        phase, requests, ok.get(), failed.get(), connections, seconds, requests / seconds, stats.totalRequests());
  }

  private static void concurrent(LabelerSimulator sim, HttpClient client, int delayed) throws Exception {
    AtomicLong maxThreads = new AtomicLong(serverThreads());
    long start = System.nanoTime();
    List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
    for (int i = 0; i < delayed; i++) {
      calls.add(client.sendAsync(request(sim, i), HttpResponse.BodyHandlers.ofByteArray()));
      if (i % 100 == 0) {
        maxThreads.accumulateAndGet(serverThreads(), Math::max);
      }
    }
    while (!CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).isDone()) {
      maxThreads.accumulateAndGet(serverThreads(), Math::max);
      TimeUnit.MILLISECONDS.sleep(20);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long ok = calls.stream().filter(c -> !c.isCompletedExceptionally() && c.join().statusCode() == 200).count();
    SimulatorStats stats = sim.stats();
    System.out.printf(
        "concurrency: %d requests with 1 s latency fired at once: %d ok in %.2f s; in-flight max %d;"
            + " server threads max %d (simulator-worker/timer + JDK HTTP dispatcher)%n",
        delayed, ok, seconds, stats.inFlightMax(), maxThreads.get());
  }

  /** Live threads belonging to the server: our worker pool and timer, and the JDK server's dispatcher. */
  private static long serverThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(name -> name.startsWith("simulator-") || name.startsWith("HTTP-Dispatcher"))
        .count();
  }

  private static HttpRequest request(LabelerSimulator sim, int i) {
    return HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/chat/completions"))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body(i)))
        .build();
  }

  private static String body(int i) {
    String prompt =
        PromptTemplates.DEFAULT_UTTERANCE
            .replace("{labels}", "- NSFW: pornographic or sexually explicit content\n- SFW: everything else")
            .replace("{text}", "Benchmark utterance number " + (i % 10_000) + ", about the weather and trains.");
    return "{\"model\":\"bench-model\",\"messages\":[{\"role\":\"user\",\"content\":" + quote(prompt) + "}]}";
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
