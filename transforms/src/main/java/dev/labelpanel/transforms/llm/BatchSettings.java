package dev.labelpanel.transforms.llm;

import java.io.Serializable;
import java.time.Duration;

/**
 * How a labeler in {@code mode: batch} uses the OpenAI Batch API: requests are collected until {@code maxRequests}
 * (or {@link #MAX_FILE_BYTES} of JSONL) or until the oldest has waited {@code maxWait}, then uploaded and submitted
 * with {@code completionWindow}; a batch is polled after {@code pollInterval}, the pause doubling up to {@code
 * maxPollInterval}. A request in the error file is retried {@code requestRetries} times, online or in a later batch
 * ({@code retryOnline}); requests a {@code failed}, {@code expired} or {@code cancelled} batch left unanswered are
 * resubmitted up to {@code maxResubmits} times. Every submitted batch is recorded in {@code journalDir} (next to the
 * response cache) before the run waits on it, so a restarted run polls it instead of submitting it again.
 */
public record BatchSettings(
        int maxRequests,
        Duration maxWait,
        String completionWindow,
        Duration pollInterval,
        Duration maxPollInterval,
        int requestRetries,
        boolean retryOnline,
        int maxResubmits,
        String journalDir)
        implements Serializable {
    /** The provider's limit of requests per batch file (OpenAI: 50,000). Config key {@code batch.max_requests}. */
    public static final int MAX_REQUESTS_LIMIT = 50_000;
    /** The provider's limit of bytes per batch file (OpenAI: 200 MB); a batch is sent before it grows past it. */
    public static final long MAX_FILE_BYTES = 190L * 1024 * 1024;

    public static final int DEFAULT_MAX_REQUESTS = MAX_REQUESTS_LIMIT;
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(1);
    public static final String DEFAULT_COMPLETION_WINDOW = "24h";
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofMinutes(5);
    public static final int DEFAULT_REQUEST_RETRIES = 2;
    public static final int DEFAULT_MAX_RESUBMITS = 2;

    public BatchSettings {
        check(
                maxRequests >= 1 && maxRequests <= MAX_REQUESTS_LIMIT,
                "batch.max_requests must be between 1 and " + MAX_REQUESTS_LIMIT + " but was " + maxRequests);
        check(positive(maxWait), "batch.max_wait must be a positive duration but was " + maxWait);
        check(positive(pollInterval), "batch.poll_interval must be a positive duration but was " + pollInterval);
        check(
                positive(maxPollInterval) && maxPollInterval.compareTo(pollInterval) >= 0,
                "batch.max_poll_interval must be at least batch.poll_interval (" + pollInterval + ") but was "
                        + maxPollInterval);
        check(
                completionWindow != null && !completionWindow.isBlank(),
                "batch.completion_window must be set (OpenAI accepts 24h)");
        check(
                requestRetries >= 0 && requestRetries <= 100,
                "batch.request_retries must be between 0 and 100 but was " + requestRetries);
        check(
                maxResubmits >= 0 && maxResubmits <= 100,
                "batch.max_resubmits must be between 0 and 100 but was " + maxResubmits);
        check(journalDir != null && !journalDir.isBlank(), "batch mode needs a journal folder");
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
