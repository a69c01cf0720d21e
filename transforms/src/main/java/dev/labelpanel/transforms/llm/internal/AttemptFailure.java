package dev.labelpanel.transforms.llm.internal;

import dev.labelpanel.transforms.llm.FailureReason;

/**
 * One failed attempt worth retrying: why, the HTTP status (0 without a response), the server's {@code Retry-After}
 * (-1 if none), a description for messages (no secrets, no prompt text) and the cause, if any.
 */
record AttemptFailure(FailureReason reason, int status, long retryAfterNanos, String description, Throwable cause) {}
