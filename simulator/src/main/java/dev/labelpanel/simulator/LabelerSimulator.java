package dev.labelpanel.simulator;

import dev.labelpanel.simulator.profile.SimulatorProfile;
import dev.labelpanel.simulator.server.BatchSettings;
import dev.labelpanel.simulator.server.BatchStats;
import dev.labelpanel.simulator.server.ServerSettings;
import dev.labelpanel.simulator.server.SimulatorServer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An in-process, OpenAI-compatible panel of simulated LLM labelers, in the manner of mockwebserver: start it, point a
 * client at {@link #baseUrl()}, read {@link #stats()}, close it. SIMULATION: answers come from ground truth plus the
 * profile's configured noise, never from a model.
 *
 * <pre>{@code
 * try (LabelerSimulator sim = LabelerSimulator.builder(SimulatorProfile.load(path)).latencyScale(0).start()) {
 *   String baseUrl = sim.baseUrl(); // http://127.0.0.1:PORT/v1
 *   ...
 *   assertEquals(100, sim.stats().model("panel-a").requests());
 * }
 * }</pre>
 */
public final class LabelerSimulator implements AutoCloseable {
    public static final String LOOPBACK = "127.0.0.1";

    private final SimulatorProfile profile;
    private final SimulatorServer server;
    private final String host;

    private LabelerSimulator(SimulatorProfile profile, SimulatorServer server, String host) {
        this.profile = profile;
        this.server = server;
        this.host = host;
    }

    /** Starts on loopback at {@code port} (0 = a free port) with the profile's seed and latencies. */
    public static LabelerSimulator start(SimulatorProfile profile, int port) {
        return builder(profile).port(port).start();
    }

    /** Loads the YAML profile at {@code profileFile} and starts on loopback at {@code port} (0 = a free port). */
    public static LabelerSimulator start(Path profileFile, int port) {
        return start(SimulatorProfile.load(profileFile), port);
    }

    public static Builder builder(SimulatorProfile profile) {
        return new Builder(profile);
    }

    /** The OpenAI base URL, e.g. {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return rootUrl() + "/v1";
    }

    /** The server root, e.g. {@code http://127.0.0.1:PORT}, where {@code /stats} lives. */
    public String rootUrl() {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shownHost + ":" + server.port();
    }

    public int port() {
        return server.port();
    }

    /** The profile in use, with any seed or hang override applied. */
    public SimulatorProfile profile() {
        return profile;
    }

    public SimulatorStats stats() {
        return server.stats();
    }

    public void resetStats() {
        server.resetStats();
    }

    /** What the simulated Batch API received so far. */
    public BatchStats batchStats() {
        return server.batchStats();
    }

    @Override
    public void close() {
        server.close();
    }

    /** Options for an embedded simulator; nothing here edits the YAML. */
    public static final class Builder {
        private SimulatorProfile profile;
        private String host = LOOPBACK;
        private int port;
        private double latencyScale = 1.0;
        private boolean hangGiven;
        private String apiKey;
        private int workerThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private BatchSettings batches = BatchSettings.DEFAULT;

        private Builder(SimulatorProfile profile) {
            this.profile = profile;
        }

        /** Bind address; defaults to loopback {@value LOOPBACK}. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Replaces the profile's seed: every answer and fault draw changes, deterministically. */
        public Builder seed(long seed) {
            this.profile = profile.withSeed(seed);
            return this;
        }

        /**
         * Multiplies every simulated wait and every time told to clients (0 = answer at once, for fast tests):
         * latencies, the {@code Retry-After} of 429 faults (sent as {@code retry-after-ms} too, since {@code
         * Retry-After} has whole seconds) and the rate limits' minute, with its 429s' waits and {@code
         * x-ratelimit-reset-*} times (at 0 the limits never refuse); with a scale above 0 also the profile's {@code
         * timeout_fault_hang_ms}. A hang set with {@link #timeoutFaultHang} is kept as given.
         */
        public Builder latencyScale(double latencyScale) {
            this.latencyScale = latencyScale;
            return this;
        }

        /** How long a {@code timeout} fault holds a request before dropping it; keep it longer than the client's timeout. */
        public Builder timeoutFaultHang(Duration hang) {
            this.hangGiven = true;
            this.profile = profile.withTimeoutFaultHang(hang);
            return this;
        }

        /** The key clients must send as {@code Authorization: Bearer KEY}, instead of the profile's {@code api_key_env}. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** Threads that parse requests and write responses (default: number of cores, at least 2). */
        public Builder workerThreads(int workerThreads) {
            this.workerThreads = workerThreads;
            return this;
        }

        /** How the Batch API ({@code /v1/files}, {@code /v1/batches}) behaves; by default batches end at once. */
        public Builder batches(BatchSettings batches) {
            this.batches = batches;
            return this;
        }

        public LabelerSimulator start() {
            String key = apiKey != null
                    ? apiKey
                    : profile.apiKeyEnv().map(Builder::keyFromEnvironment).orElse(null);
            SimulatorProfile served = profile;
            if (!hangGiven && latencyScale > 0) {
                served = profile.withTimeoutFaultHang(
                        Duration.ofMillis(Math.round(profile.timeoutFaultHang().toMillis() * latencyScale)));
            }
            SimulatorServer server = SimulatorServer.start(
                    served, new ServerSettings(host, port, latencyScale, key, workerThreads, batches));
            return new LabelerSimulator(profile, server, host);
        }

        private static String keyFromEnvironment(String variable) {
            String key = System.getenv(variable);
            if (key == null || key.isEmpty()) {
                throw new IllegalStateException("The simulator profile sets api_key_env: " + variable
                        + " but that environment variable is not set;" + " export " + variable
                        + "=<key> or remove api_key_env from the profile");
            }
            return key;
        }
    }
}
