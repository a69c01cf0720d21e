package dev.labelpanel.simulator.server;

import java.util.Map;

/**
 * What the simulated Batch API received: files uploaded, batches created, requests in them (each submission counted),
 * distinct {@code custom_id}s among them, how many {@code custom_id}s were submitted more than once (retries
 * included), {@code duplicateSubmissions}: submissions of a {@code custom_id} while an earlier one was still in a
 * batch in progress or had been answered (what a client must never do), {@code listRequests}: pages of the batch
 * list asked for ({@code GET /v1/batches}), and batches by status.
 */
public record BatchStats(
        long filesUploaded,
        long batchesCreated,
        long requestsSubmitted,
        long distinctRequests,
        long resubmittedRequests,
        long duplicateSubmissions,
        long listRequests,
        Map<String, Long> batchesByStatus) {}
