package dev.labelpanel.transforms.llm;

import dev.labelpanel.transforms.WireName;

/** Why an attempt failed in a way worth retrying; {@link #category()} is the stable name for code and metrics. */
public enum FailureReason implements WireName {
    /** HTTP 429. */
    RATE_LIMITED,
    /** HTTP 500, 502, 503, 504. */
    SERVER_ERROR,
    /** HTTP 408, or no response within the request timeout or the call deadline. */
    TIMEOUT,
    /** Connection refused, reset or dropped before a complete response. */
    CONNECTION,
    /** 200 with a body that is not a usable completion: truncated or invalid JSON, empty {@code choices}. */
    MALFORMED_RESPONSE,
    /** Batch mode: the request was in a batch's error file each time it was sent (its retries used up). */
    BATCH_REQUEST_ERROR,
    /** Batch mode: its batches failed, expired or were cancelled more often than {@code batch.max_resubmits}. */
    BATCH_FAILED;

    /** The {@link #wireName()}, e.g. {@code rate-limited}. */
    public String category() {
        return wireName();
    }
}
