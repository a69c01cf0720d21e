package dev.labelpanel.transforms.llm;

/**
 * What one labeler call gave: the answer and its cost, or why there is none. {@code failure} is set only for a
 * call that failed after its retries (then {@code content} is null).
 */
public record LabelerAnswer(
    String content,
    String finishReason,
    Integer promptTokens,
    Integer completionTokens,
    Long latencyMs,
    int attempts,
    boolean cached,
    String failure) {

  public static LabelerAnswer answered(
      String content, String finishReason, int promptTokens, int completionTokens, long latencyMs, int attempts,
      boolean cached) {
    return new LabelerAnswer(content, finishReason, promptTokens, completionTokens, latencyMs, attempts, cached, null);
  }

  public static LabelerAnswer failed(String failure, int attempts) {
    return new LabelerAnswer(null, null, null, null, null, attempts, false, failure);
  }

  public boolean isFailed() {
    return failure != null;
  }
}
