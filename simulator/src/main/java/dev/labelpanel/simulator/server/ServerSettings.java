package dev.labelpanel.simulator.server;

/**
 * How to run a simulator: bind address and port (0 = any free port), a latency factor applied to every simulated delay
 * and time told to clients (rate limits' minute, Retry-After; the timeout fault's hang is scaled by LabelerSimulator)
 * (0 = answer at once), the API key clients must send (null = none), the number of
 * worker threads that parse requests and write responses, and how the Batch API behaves.
 */
public record ServerSettings(
        String host, int port, double latencyScale, String apiKey, int workerThreads, BatchSettings batches) {

    /** Settings with the default Batch API behaviour ({@link BatchSettings#DEFAULT}). */
    public ServerSettings(String host, int port, double latencyScale, String apiKey, int workerThreads) {
        this(host, port, latencyScale, apiKey, workerThreads, BatchSettings.DEFAULT);
    }

    public ServerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535 but was " + port);
        }
        if (!(latencyScale >= 0) || Double.isInfinite(latencyScale)) {
            throw new IllegalArgumentException("latencyScale must be a finite number >= 0 but was " + latencyScale);
        }
        if (workerThreads < 1) {
            throw new IllegalArgumentException("workerThreads must be at least 1 but was " + workerThreads);
        }
        batches = batches == null ? BatchSettings.DEFAULT : batches;
    }
}
