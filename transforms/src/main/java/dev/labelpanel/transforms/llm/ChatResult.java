package dev.labelpanel.transforms.llm;

import java.util.List;

/**
 * A successful chat completion: {@code choices[0].message.content} and {@code finish_reason}, whether the provider
 * declared it a refusal ({@code refused}: {@code message.refusal} was set; {@code content} then holds its words when
 * the message had no content), the token usage the
 * endpoint reported (0 when it reported none), the latency of the successful attempt, how many attempts it took and
 * whether the call was {@code deferred} on the way (it ran out of regular attempts and healed later), whether it was
 * {@code hedged} (a backup copy of an attempt was sent; {@code attempts} counts it) and whether the answer is the
 * backup's ({@code hedgeWon}), and the {@code model} and {@code system_fingerprint} the reply named ({@code
 * servedModel}, {@code systemFingerprint}; null when absent), and the answer tokens' log-probabilities when they were
 * asked for ({@code logprobs}; empty otherwise).
 */
public record ChatResult(
        String content,
        boolean refused,
        String finishReason,
        long promptTokens,
        long completionTokens,
        long latencyMs,
        int attempts,
        boolean deferred,
        boolean hedged,
        boolean hedgeWon,
        String servedModel,
        String systemFingerprint,
        List<TokenLogprob> logprobs) {

    public ChatResult {
        logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
    }

    /** Without the content: completions are user data and stay out of logs. */
    @Override
    public String toString() {
        return "ChatResult{refused=" + refused + ", finishReason=" + finishReason + ", promptTokens=" + promptTokens
                + ", completionTokens="
                + completionTokens + ", latencyMs=" + latencyMs + ", attempts=" + attempts + ", deferred=" + deferred
                + ", hedged=" + hedged + ", hedgeWon=" + hedgeWon + ", servedModel=" + servedModel + ", contentChars="
                + content.length() + "}";
    }
}
