package dev.labelpanel.transforms.label;

import dev.labelpanel.transforms.llm.LlmClients;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Batch mode's counts as Beam metrics, so that a runner sums them over its workers: batches and requests submitted,
 * and batches ended by status. The batch clients count in their JVM ({@link LlmClients#batchProgress()}) on their own
 * threads, where Beam metrics would be lost; a labeling DoFn reports what changed since the last report from its
 * thread at the end of each bundle. Reports of one JVM are serialized, so each change is reported exactly once
 * whichever DoFn instance reports it. A launcher that runs jobs one after another in one JVM calls {@link
 * #unreported()} before each, so a job is not given the batch events an earlier one left unreported.
 */
public final class BatchMetrics {
    /** The metrics' namespace. */
    public static final String NAMESPACE = BatchMetrics.class.getName();

    static final String SUBMITTED = "batchesSubmitted";
    static final String REQUESTS_SUBMITTED = "batchRequestsSubmitted";
    static final String ENDED = "batchesEnded_";

    /** What was reported so far: nothing when the JVM started. */
    private static LlmClients.BatchProgress reported = new LlmClients.BatchProgress(0, 0, 0, 0, Map.of());

    private BatchMetrics() {}

    /** The JVM's batch counts not reported yet, now counted as reported. */
    public static synchronized LlmClients.BatchProgress unreported() {
        LlmClients.BatchProgress now = LlmClients.batchProgress();
        LlmClients.BatchProgress change = now.since(reported);
        reported = now;
        return change;
    }

    /** Adds this JVM's unreported batch counts to the Beam metrics; call on a DoFn thread. */
    static void report() {
        LlmClients.BatchProgress change = unreported();
        if (change.batchesSubmitted() != 0) {
            Metrics.counter(NAMESPACE, SUBMITTED).inc(change.batchesSubmitted());
        }
        if (change.requestsSubmitted() != 0) {
            Metrics.counter(NAMESPACE, REQUESTS_SUBMITTED).inc(change.requestsSubmitted());
        }
        change.endedByStatus()
                .forEach((status, n) ->
                        Metrics.counter(NAMESPACE, ENDED + status).inc(n));
    }

    /**
     * The batch counts among a job's counters ({@code namespace/name} to value, summed over workers): batches and
     * requests submitted, batches ended by status, and in flight what was submitted and has not ended.
     */
    public static LlmClients.BatchProgress fromCounters(Map<String, Long> counters) {
        String prefix = NAMESPACE + "/";
        long submitted = counters.getOrDefault(prefix + SUBMITTED, 0L);
        Map<String, Long> ended = new TreeMap<>();
        counters.forEach((name, n) -> {
            if (name.startsWith(prefix + ENDED) && n != 0) {
                ended.put(name.substring((prefix + ENDED).length()), n);
            }
        });
        long endedCount = ended.values().stream().mapToLong(Long::longValue).sum();
        return new LlmClients.BatchProgress(
                Math.max(0, submitted - endedCount),
                0,
                submitted,
                counters.getOrDefault(prefix + REQUESTS_SUBMITTED, 0L),
                ended);
    }
}
