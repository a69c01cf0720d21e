package dev.labelpanel.transforms.llm;

import java.util.List;

/**
 * What one labeler call gave: the answer and its cost, or why there is none. {@code failure} is set only for a
 * call that failed after its retries (then {@code content} is null). {@code refused}: the provider declared the answer
 * a refusal ({@code message.refusal}), whatever its wording. {@code deferred}: the call ran out of its
 * regular attempts and was deferred (it then either healed, with an answer, or failed for good). {@code hedged}: a
 * backup copy of one of its attempts was sent (counted in {@code attempts}); {@code hedgeWon}: the answer is the
 * backup's. {@code servedModel} and {@code systemFingerprint}: what the reply named (null for a failed call, a cached
 * answer, or a server that sends none). {@code logprobs}: the answer tokens' log-probabilities, when asked for (empty
 * otherwise).
 */
public record LabelerAnswer(
        String content,
        boolean refused,
        String finishReason,
        Integer promptTokens,
        Integer completionTokens,
        Long latencyMs,
        int attempts,
        boolean cached,
        String failure,
        boolean deferred,
        boolean hedged,
        boolean hedgeWon,
        String servedModel,
        String systemFingerprint,
        List<TokenLogprob> logprobs) {

    public LabelerAnswer {
        logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
    }

    /** The answer of a completed call, with its cost, attempts and what the reply named. */
    public static LabelerAnswer of(ChatResult result) {
        return new LabelerAnswer(
                result.content(),
                result.refused(),
                result.finishReason(),
                (int) result.promptTokens(),
                (int) result.completionTokens(),
                result.latencyMs(),
                result.attempts(),
                false,
                null,
                result.deferred(),
                result.hedged(),
                result.hedgeWon(),
                result.servedModel(),
                result.systemFingerprint(),
                result.logprobs());
    }

    /** An answer that did not come from a call of this run (a cached one, or one a test makes up). */
    public static LabelerAnswer answered(
            String content,
            String finishReason,
            int promptTokens,
            int completionTokens,
            long latencyMs,
            int attempts,
            boolean cached) {
        return new LabelerAnswer(
                content,
                false,
                finishReason,
                promptTokens,
                completionTokens,
                latencyMs,
                attempts,
                cached,
                null,
                false,
                false,
                false,
                null,
                null,
                List.of());
    }

    public static LabelerAnswer failed(String failure, int attempts) {
        return failed(failure, attempts, false);
    }

    public static LabelerAnswer failed(String failure, int attempts, boolean deferred) {
        return new LabelerAnswer(
                null, false, null, null, null, null, attempts, false, failure, deferred, false, false, null, null,
                List.of());
    }

    public boolean isFailed() {
        return failure != null;
    }
}
