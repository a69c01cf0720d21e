package dev.labelpanel.transforms.llm;

import java.time.Duration;

/**
 * Hooks into one call's life, in the manner of OkHttp's {@code EventListener}: metrics belong here, not in the client.
 * Methods run on client threads (OkHttp's or the scheduler's), so keep them fast and thread-safe; they must not throw.
 * Arguments never include the API key, prompts or completions' text beyond what {@link ChatResult} holds.
 */
public interface LlmCallListener {
    LlmCallListener NONE = new LlmCallListener() {};

    /** The call was accepted (queued). */
    default void callStart(LlmEndpoint endpoint) {}

    /**
     * Attempt {@code attempt} failed; {@code status} is the HTTP status, or 0 without a response. When {@code willRetry},
     * the next attempt waits at least {@code delay}.
     */
    default void attemptFailed(
            LlmEndpoint endpoint, int attempt, FailureReason reason, int status, boolean willRetry, Duration delay) {}

    /** The call succeeded; the result carries latency, tokens and attempts. */
    default void callSuccess(LlmEndpoint endpoint, ChatResult result) {}

    /** The call failed for good; its future completes with {@code failure}. */
    default void callFailed(LlmEndpoint endpoint, LlmCallException failure) {}
}
