package dev.labelpanel.transforms.llm;

/**
 * A successful chat completion: {@code choices[0].message.content} and {@code finish_reason}, the token usage the
 * endpoint reported (0 when it reported none), the latency of the successful attempt and how many attempts it took.
 */
public record ChatResult(
    String content, String finishReason, long promptTokens, long completionTokens, long latencyMs, int attempts) {

  /** Without the content: completions are user data and stay out of logs. */
  @Override
  public String toString() {
    return "ChatResult{finishReason=" + finishReason + ", promptTokens=" + promptTokens + ", completionTokens="
        + completionTokens + ", latencyMs=" + latencyMs + ", attempts=" + attempts + ", contentChars="
        + content.length() + "}";
  }
}
