package dev.labelpanel.transforms.llm;

import java.util.List;

/**
 * What one labeler call gave: the answer and its cost, or why there is none. {@code failure} is set only for a
 * call that failed after its retries (then {@code content} is null). {@code deferred}: the call ran out of its
 * regular attempts and was deferred (it then either healed, with an answer, or failed for good). {@code hedged}: a
 * backup copy of one of its attempts was sent (counted in {@code attempts}); {@code hedgeWon}: the answer is the
 * backup's. {@code servedModel} and {@code systemFingerprint}: what the reply named (null for a failed call, a cached
 * answer, or a server that sends none). {@code logprobs}: the answer tokens' log-probabilities, when asked for (empty
 * otherwise).
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
        boolean hedgeWon,
        String servedModel,
        String systemFingerprint,
        List<TokenLogprob> logprobs) {

    public LabelerAnswer {
        logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
    }

    /** An answer without log-probabilities. */
    public LabelerAnswer(
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
            boolean hedgeWon,
            String servedModel,
            String systemFingerprint) {
        this(
                content,
                finishReason,
                promptTokens,
                completionTokens,
                latencyMs,
                attempts,
                cached,
                failure,
                deferred,
                hedged,
                hedgeWon,
                servedModel,
                systemFingerprint,
                List.of());
    }

    public LabelerAnswer(
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
        this(
                content,
                finishReason,
                promptTokens,
                completionTokens,
                latencyMs,
                attempts,
                cached,
                failure,
                deferred,
                hedged,
                hedgeWon,
                null,
                null);
    }

    public LabelerAnswer(
            String content,
            String finishReason,
            Integer promptTokens,
            Integer completionTokens,
            Long latencyMs,
            int attempts,
            boolean cached,
            String failure,
            boolean deferred) {
        this(
                content,
                finishReason,
                promptTokens,
                completionTokens,
                latencyMs,
                attempts,
                cached,
                failure,
                deferred,
                false,
                false);
    }

    public static LabelerAnswer answered(
            String content,
            String finishReason,
            int promptTokens,
            int completionTokens,
            long latencyMs,
            int attempts,
            boolean cached) {
        return answered(content, finishReason, promptTokens, completionTokens, latencyMs, attempts, cached, false);
    }

    public static LabelerAnswer answered(
            String content,
            String finishReason,
            int promptTokens,
            int completionTokens,
            long latencyMs,
            int attempts,
            boolean cached,
            boolean deferred) {
        return new LabelerAnswer(
                content, finishReason, promptTokens, completionTokens, latencyMs, attempts, cached, null, deferred);
    }

    /** This answer with the model name and fingerprint its reply carried. */
    public LabelerAnswer servedBy(String model, String fingerprint) {
        return new LabelerAnswer(
                content,
                finishReason,
                promptTokens,
                completionTokens,
                latencyMs,
                attempts,
                cached,
                failure,
                deferred,
                hedged,
                hedgeWon,
                model,
                fingerprint,
                logprobs);
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
