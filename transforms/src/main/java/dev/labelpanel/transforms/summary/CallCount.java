package dev.labelpanel.transforms.summary;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labelpanel.transforms.WireName;

/**
 * A count kept for each labeler's answers ({@code calls/<labeler>/...} and {@code usage/<stage>/<labeler>/...}); its
 * name inside a labeler's object is the {@link #wireName()}, e.g. {@code cache_hits}.
 */
public enum CallCount implements WireName.Underscored {
    ANSWERS,
    ATTEMPTS,
    CACHE_HITS,
    CACHE_MISSES,
    PROMPT_TOKENS,
    COMPLETION_TOKENS,
    /** Usage only: prompt tokens of cached answers, which cost nothing. */
    SAVED_PROMPT_TOKENS,
    /** Usage only: completion tokens of cached answers. */
    SAVED_COMPLETION_TOKENS,
    /** Calls that ran out of their regular attempts and were retried later (deferred). */
    DEFERRED,
    /** Deferred calls that got an answer in the end. */
    DEFERRED_HEALED,
    /** Deferred calls that became {@code call-failed} no-votes. */
    DEFERRED_FAILED,
    /**
     * Panel members the adaptive panel did not ask ({@code panel_mode: adaptive}): calls saved, not answers and not
     * no-votes.
     */
    NOT_ASKED,
    /** Calls that sent a backup copy of a slow attempt (hedged requests). */
    HEDGED,
    /** Hedged calls whose answer is the backup copy's (the slow attempt was cancelled). */
    HEDGE_WINS,
    /**
     * Prompt tokens of the copies a hedged call cancelled (the prompt of its answer, once per hedged call): most
     * providers bill a cancelled request's prompt, so they are counted in the cost; a cancelled copy's partial
     * completion is not known and not counted.
     */
    HEDGE_PROMPT_TOKENS;

    /** This count of one labeler's object ({@link SummaryKey#find} of a labeler key); 0 when absent. */
    public long in(JsonNode labeler) {
        return labeler.path(wireName()).asLong();
    }
}
