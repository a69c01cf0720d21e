package dev.labelpanel.transforms.llm;

/**
 * Transient failures exhausted the attempts or the call deadline, and then (if the endpoint defers calls) the
 * deferred attempts or the deferred deadline. The caller records a no-vote with {@link #reason()}'s category.
 */
public final class LlmCallFailedException extends LlmCallException {
    private static final long serialVersionUID = 1L;

    private final FailureReason reason;
    private final int attempts;
    private final int lastStatus;
    private final boolean deferred;

    public LlmCallFailedException(
            String endpointName, String message, FailureReason reason, int attempts, int lastStatus, Throwable cause) {
        this(endpointName, message, reason, attempts, lastStatus, false, cause);
    }

    public LlmCallFailedException(
            String endpointName,
            String message,
            FailureReason reason,
            int attempts,
            int lastStatus,
            boolean deferred,
            Throwable cause) {
        super(endpointName, message, cause);
        this.reason = reason;
        this.attempts = attempts;
        this.lastStatus = lastStatus;
        this.deferred = deferred;
    }

    /** Whether the call was deferred before it failed for good (it ran out of its regular attempts first). */
    public boolean deferred() {
        return deferred;
    }

    /** The reason the last attempt failed. */
    public FailureReason reason() {
        return reason;
    }

    public int attempts() {
        return attempts;
    }

    /** The last HTTP status, or 0 if the last attempt got no response. */
    public int lastStatus() {
        return lastStatus;
    }
}
