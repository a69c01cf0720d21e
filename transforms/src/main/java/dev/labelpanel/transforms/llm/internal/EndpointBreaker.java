package dev.labelpanel.transforms.llm.internal;

import dev.labelpanel.transforms.llm.LlmEndpoint;

/**
 * Opens when the endpoint has had no successful call for {@code window} while at least {@code minFailures} attempts
 * failed (429s are not failures here: a throttled endpoint is up). It counts attempts, not calls, because with
 * backoff a single call against a dead endpoint takes minutes to fail. Once open it stays open until a success, and
 * an open breaker fails new calls at once: the pipeline stops with a clear error instead of labelling every item
 * through the gap filler.
 */
final class EndpointBreaker {
  private final long windowNanos;
  private final int minFailures;
  private long lastSuccessNanos;
  private int failuresSinceSuccess;
  private String lastError = "none";

  EndpointBreaker(LlmEndpoint endpoint, long nowNanos) {
    this.windowNanos = endpoint.breakerWindow().toNanos();
    this.minFailures = endpoint.breakerMinFailures();
    this.lastSuccessNanos = nowNanos;
  }

  synchronized void success(long nowNanos) {
    lastSuccessNanos = Math.max(lastSuccessNanos, nowNanos);
    failuresSinceSuccess = 0;
  }

  synchronized void failure(String description) {
    failuresSinceSuccess++;
    lastError = description;
  }

  /** Why the breaker is open, for the exception message; null while it is closed. */
  synchronized String openReason(String endpointName, long nowNanos) {
    long quietNanos = nowNanos - lastSuccessNanos;
    if (failuresSinceSuccess < minFailures || quietNanos < windowNanos) {
      return null;
    }
    return "endpoint " + endpointName + " has failed every call for " + (quietNanos / 1_000_000_000L) + " s ("
        + failuresSinceSuccess + " failed attempts, no success): last error: " + lastError;
  }
}
