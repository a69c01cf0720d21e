package dev.labelpanel.simulator.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.labelpanel.simulator.SimulatorStats;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import dev.labelpanel.simulator.scenario.PanelScenario;
import dev.labelpanel.simulator.truth.GroundTruth;
import dev.labelpanel.simulator.truth.LexiconRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP transport: the JDK's {@code com.sun.net.httpserver} with a small worker pool and one timer thread.
 * Handlers return at once; delayed responses are timer entries, so thousands of requests can wait at once on a
 * handful of threads (see BENCHMARKS.md).
 */
public final class SimulatorServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorServer.class);
    private static final int BACKLOG = 4096;
    private static final String NODELAY = "sun.net.httpserver.nodelay";
    private static final String MAX_IDLE = "sun.net.httpserver.maxIdleConnections";

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK: ~40 ms
        // per keep-alive request, 354 requests/s on 16 connections instead of 6,400 (BENCHMARKS.md). The JDK reads this
        // property once, when its server classes load; an explicit -D setting wins.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        // With 200 connections idle (its default limit), the JDK server closes the connection it has just answered on,
        // although the answer said keep-alive: a client with more connections then sends its next request on a closed
        // one and sees a dropped connection the simulator never received nor counted (KeepAliveTest). Idle connections
        // are still closed after the JDK's idle interval (30 s), and OkHttp checks one idle for 10 s before reusing it.
        if (System.getProperty(MAX_IDLE) == null) {
            System.setProperty(MAX_IDLE, String.valueOf(Integer.MAX_VALUE));
        }
    }

    private final HttpServer http;
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor timer;
    private final StatsRecorder stats;
    private final SimulatedBatches batches;
    private final int port;

    private SimulatorServer(
            HttpServer http,
            ExecutorService workers,
            ScheduledThreadPoolExecutor timer,
            StatsRecorder stats,
            SimulatedBatches batches) {
        this.http = http;
        this.batches = batches;
        this.port = http.getAddress().getPort();
        this.workers = workers;
        this.timer = timer;
        this.stats = stats;
    }

    /** Loads the ground truth, binds the port and starts serving. */
    public static SimulatorServer start(SimulatorProfile profile, ServerSettings settings) {
        GroundTruth truth = GroundTruth.load(profile.groundTruthFiles(), profile.labels(), LexiconRule.bundled());
        ObjectMapper json = new ObjectMapper();
        Clock clock = Clock.systemUTC();
        StatsRecorder stats =
                new StatsRecorder(profile.models().keySet(), profile.labels().names());
        ExecutorService workers = Executors.newFixedThreadPool(settings.workerThreads(), named("simulator-worker"));
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, named("simulator-timer"));
        timer.setRemoveOnCancelPolicy(true);
        Responder responder = new Responder(timer, workers);
        ResponseBodies bodies = new ResponseBodies(json);
        ApiKeyCheck apiKey = new ApiKeyCheck(settings.apiKey());
        Map<String, RateLimiter> limiters = new LinkedHashMap<>();
        profile.models()
                .forEach((name, model) -> limiters.put(
                        name, new RateLimiter(model.rateLimits(), System::nanoTime, settings.latencyScale())));

        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), BACKLOG);
        } catch (IOException e) {
            workers.shutdownNow();
            timer.shutdownNow();
            throw new UncheckedIOException(
                    "Cannot bind the simulator to " + settings.host() + ":" + settings.port() + ": " + e.getMessage(),
                    e);
        }
        http.setExecutor(workers);
        JsonReplies replies = new JsonReplies(stats, responder, bodies);
        PanelScenario scenario = new PanelScenario(profile, truth, settings.latencyScale());
        StoredFiles files = new StoredFiles();
        SimulatedBatches batches = new SimulatedBatches(
                settings.batches(),
                files,
                new ChatRequestReader(json),
                scenario,
                bodies,
                json,
                responder,
                clock,
                profile.seed());
        ApiHandler.Shared shared = new ApiHandler.Shared(apiKey, responder, bodies, json);
        http.createContext("/v1/files", new FilesHandler(shared, files, clock));
        http.createContext("/v1/batches", new BatchesHandler(shared, batches));
        http.createContext(
                "/v1/chat/completions",
                new ChatCompletionsHandler(
                        apiKey,
                        new ChatRequestReader(json),
                        scenario,
                        limiters,
                        stats,
                        responder,
                        bodies,
                        profile.timeoutFaultHang(),
                        settings.latencyScale(),
                        clock));
        http.createContext(
                "/v1/models",
                new ModelsHandler(
                        apiKey, replies, bodies.models(profile.models().values(), clock.millis() / 1000)));
        http.createContext("/stats", new StatsHandler(replies));
        http.createContext("/", new NotFoundHandler(replies));
        http.start();
        LOG.info(
                "Simulator listening on {}:{} with models {} ({} gold labels, seed {}, latency x{})",
                settings.host(),
                http.getAddress().getPort(),
                List.copyOf(profile.models().keySet()),
                truth.size(),
                profile.seed(),
                settings.latencyScale());
        return new SimulatorServer(http, workers, timer, stats, batches);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    public int port() {
        return port;
    }

    public SimulatorStats stats() {
        return stats.snapshot();
    }

    /** What the Batch API received so far (files, batches, requests and their resubmissions). */
    public BatchStats batchStats() {
        return batches.stats();
    }

    public void resetStats() {
        stats.reset();
    }

    /** Stops at once: requests still waiting for their simulated delay are dropped. */
    @Override
    public void close() {
        http.stop(0);
        timer.shutdownNow();
        workers.shutdownNow();
        LOG.info("Simulator on port {} stopped", port);
    }
}
