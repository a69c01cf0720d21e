package dev.labelpanel.simulator.server;

import java.util.Map;

/**
 * What the simulated Batch API received: files uploaded, batches created, requests in them (each submission counted),
 * distinct {@code custom_id}s among them, how many {@code custom_id}s were submitted more than once, and batches by
 * status.
 */
public record BatchStats(
        long filesUploaded,
        long batchesCreated,
        long requestsSubmitted,
        long distinctRequests,
        long resubmittedRequests,
        Map<String, Long> batchesByStatus) {}
