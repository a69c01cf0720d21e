package dev.labelpanel.transforms.llm;

import dev.labelpanel.transforms.llm.internal.BatchApi;
import dev.labelpanel.transforms.llm.internal.BatchLlmClient;
import dev.labelpanel.transforms.llm.internal.ClientEnvironment;
import dev.labelpanel.transforms.llm.internal.HttpLlmClient;
import dev.labelpanel.transforms.llm.internal.SharedHttp;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The per-JVM holder of LLM clients: one client, and so one concurrency cap, rate budget, 429 pause and
 * breaker, per distinct {@link LlmEndpoint}, shared by every DoFn instance and thread. Call {@link #get} from
 * {@code @Setup}; never close what it returns.
 */
public final class LlmClients {
    private static final ConcurrentMap<LlmEndpoint, LlmClient> CLIENTS = new ConcurrentHashMap<>();
    private static final ConcurrentMap<BatchKey, LlmClient> BATCH_CLIENTS = new ConcurrentHashMap<>();

    private record BatchKey(LlmEndpoint endpoint, BatchSettings settings, String identity) {}

    private LlmClients() {}

    /**
     * The shared client of {@code endpoint}, created on first use from the shared base OkHttpClient. Throws
     * {@link LlmConfigurationException} if the endpoint's API key variable is not set (nothing is cached then).
     */
    public static LlmClient get(LlmEndpoint endpoint) {
        return CLIENTS.computeIfAbsent(
                endpoint, e -> HttpLlmClient.create(e, SharedHttp.base(), ClientEnvironment.system()));
    }

    /**
     * The shared batch-mode client of {@code endpoint} ({@code mode: batch}): its calls go out through the Batch API
     * as {@code settings} says, named by their cache keys under {@code identity}; on first use it resumes the batches
     * an earlier run left in the journal. Its online retries use {@link #get}'s client.
     */
    public static LlmClient batch(LlmEndpoint endpoint, BatchSettings settings, String identity) {
        return BATCH_CLIENTS.computeIfAbsent(
                new BatchKey(endpoint, settings, identity),
                k -> BatchLlmClient.create(
                        endpoint,
                        settings,
                        identity,
                        new BatchApi(endpoint, SharedHttp.base(), ClientEnvironment.system()),
                        () -> get(endpoint)));
    }

    /**
     * Batch mode in this JVM: batches in flight now and their requests, batches and requests submitted since the JVM
     * started, and batches ended by status. Per JVM like the clients: on a cluster, each worker counts its own.
     */
    public static BatchProgress batchProgress() {
        return BatchLlmClient.progress();
    }

    /** See {@link #batchProgress()}. */
    public record BatchProgress(
            long batchesInFlight,
            long requestsInFlight,
            long batchesSubmitted,
            long requestsSubmitted,
            java.util.Map<String, Long> endedByStatus) {
        /** The counts since {@code earlier} (in flight: now). */
        public BatchProgress since(BatchProgress earlier) {
            java.util.Map<String, Long> ended = new java.util.TreeMap<>(endedByStatus);
            earlier.endedByStatus.forEach((status, n) -> ended.merge(status, -n, Long::sum));
            ended.values().removeIf(n -> n == 0);
            return new BatchProgress(
                    batchesInFlight,
                    requestsInFlight,
                    batchesSubmitted - earlier.batchesSubmitted,
                    requestsSubmitted - earlier.requestsSubmitted,
                    ended);
        }

        /** These counts and {@code more}'s added (submitted, requests and ended; in flight: both). */
        public BatchProgress plus(BatchProgress more) {
            java.util.Map<String, Long> ended = new java.util.TreeMap<>(endedByStatus);
            more.endedByStatus.forEach((status, n) -> ended.merge(status, n, Long::sum));
            ended.values().removeIf(n -> n == 0);
            return new BatchProgress(
                    batchesInFlight + more.batchesInFlight,
                    requestsInFlight + more.requestsInFlight,
                    batchesSubmitted + more.batchesSubmitted,
                    requestsSubmitted + more.requestsSubmitted,
                    ended);
        }
    }
}
