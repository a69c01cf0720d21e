package dev.labelpanel.transforms.llm;

/** Why an attempt failed in a way worth retrying; {@link #category()} is the stable name for code and metrics. */
public enum FailureReason {
    /** HTTP 429. */
    RATE_LIMITED("rate-limited"),
    /** HTTP 500, 502, 503, 504. */
    SERVER_ERROR("server-error"),
    /** HTTP 408, or no response within the request timeout or the call deadline. */
    TIMEOUT("timeout"),
    /** Connection refused, reset or dropped before a complete response. */
    CONNECTION("connection"),
    /** 200 with a body that is not a usable completion: truncated or invalid JSON, empty {@code choices}. */
    MALFORMED_RESPONSE("malformed-response"),
    /** Batch mode: the request was in a batch's error file each time it was sent (its retries used up). */
    BATCH_REQUEST_ERROR("batch-request-error"),
    /** Batch mode: its batches failed, expired or were cancelled more often than {@code batch.max_resubmits}. */
    BATCH_FAILED("batch-failed");

    private final String category;

    FailureReason(String category) {
        this.category = category;
    }

    public String category() {
        return category;
    }
}
