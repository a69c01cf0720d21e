package dev.labelpanel.transforms.summary;

import com.fasterxml.jackson.databind.JsonNode;

/** A count kept for each labeler's answers ({@code calls/<labeler>/...} and {@code usage/<stage>/<labeler>/...}). */
public enum CallCount {
    ANSWERS("answers"),
    ATTEMPTS("attempts"),
    CACHE_HITS("cache_hits"),
    CACHE_MISSES("cache_misses"),
    PROMPT_TOKENS("prompt_tokens"),
    COMPLETION_TOKENS("completion_tokens"),
    /** Usage only: prompt tokens of cached answers, which cost nothing. */
    SAVED_PROMPT_TOKENS("saved_prompt_tokens"),
    /** Usage only: completion tokens of cached answers. */
    SAVED_COMPLETION_TOKENS("saved_completion_tokens"),
    /** Calls that ran out of their regular attempts and were retried later (deferred). */
    DEFERRED("deferred"),
    /** Deferred calls that got an answer in the end. */
    DEFERRED_HEALED("deferred_healed"),
    /** Deferred calls that became {@code call-failed} no-votes. */
    DEFERRED_FAILED("deferred_failed"),
    /**
     * Panel members the adaptive panel did not ask ({@code panel_mode: adaptive}): calls saved, not answers and not
     * no-votes.
     */
    NOT_ASKED("not_asked"),
    /** Calls that sent a backup copy of a slow attempt (hedged requests). */
    HEDGED("hedged"),
    /** Hedged calls whose answer is the backup copy's (the slow attempt was cancelled). */
    HEDGE_WINS("hedge_wins"),
    /**
     * Prompt tokens of the copies a hedged call cancelled (the prompt of its answer, once per hedged call): most
     * providers bill a cancelled request's prompt, so they are counted in the cost; a cancelled copy's partial
     * completion is not known and not counted.
     */
    HEDGE_PROMPT_TOKENS("hedge_prompt_tokens");

    private final String fieldName;

    CallCount(String fieldName) {
        this.fieldName = fieldName;
    }

    /** The count's name inside a labeler's object. */
    public String fieldName() {
        return fieldName;
    }

    /** This count of one labeler's object ({@link SummaryKey#find} of a labeler key); 0 when absent. */
    public long in(JsonNode labeler) {
        return labeler.path(fieldName).asLong();
    }
}
