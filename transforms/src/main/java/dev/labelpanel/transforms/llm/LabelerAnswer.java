package dev.labelpanel.transforms.llm;

/**
 * What one labeler call gave: the answer and its cost, or why there is none. {@code failure} is set only for a
 * call that failed after its retries (then {@code content} is null). {@code deferred}: the call ran out of its
 * regular attempts and was deferred (it then either healed, with an answer, or failed for good). {@code hedged}: a
 * backup copy of one of its attempts was sent (counted in {@code attempts}); {@code hedgeWon}: the answer is the
 * backup's.
 */
public record LabelerAnswer(
    String content,
    String finishReason,
    Integer promptTokens,
    Integer completionTokens,
    Long latencyMs,
    int attempts,
    boolean cached,
    String failure,
    boolean deferred,
    boolean hedged,
    boolean hedgeWon) {

  public LabelerAnswer(
      String content, String finishReason, Integer promptTokens, Integer completionTokens, Long latencyMs,
      int attempts, boolean cached, String failure, boolean deferred) {
    this(content, finishReason, promptTokens, completionTokens, latencyMs, attempts, cached, failure, deferred,
        false, false);
  }

  public static LabelerAnswer answered(
      String content, String finishReason, int promptTokens, int completionTokens, long latencyMs, int attempts,
      boolean cached) {
    return answered(content, finishReason, promptTokens, completionTokens, latencyMs, attempts, cached, false);
  }

  public static LabelerAnswer answered(
      String content, String finishReason, int promptTokens, int completionTokens, long latencyMs, int attempts,
      boolean cached, boolean deferred) {
    return new LabelerAnswer(
        content, finishReason, promptTokens, completionTokens, latencyMs, attempts, cached, null, deferred);
  }

  public static LabelerAnswer failed(String failure, int attempts) {
    return failed(failure, attempts, false);
  }

  public static LabelerAnswer failed(String failure, int attempts, boolean deferred) {
    return new LabelerAnswer(null, null, null, null, null, attempts, false, failure, deferred);
  }

  public boolean isFailed() {
    return failure != null;
  }
}
