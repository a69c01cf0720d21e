package dev.labelpanel.simulator;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Counts for one simulated model since start or the last reset. Every attempt counts in {@code requests}; each ends as
 * exactly one of: rate-limited by the configured RPM/TPM ({@code rateLimited}), a fault ({@code faults}, by kind), or an
 * answer ({@code answersByKind}: label, off_format, refusal, critique). {@code answersByLabel} counts answers that
 * express a label; tokens count delivered answers only. {@code inFlightMax} is the most requests to this model in flight
 * at once (since start or the last reset, which restarts it from zero).
 */
public record ModelStats(
        @JsonProperty("requests") long requests,
        @JsonProperty("answers_by_label") Map<String, Long> answersByLabel,
        @JsonProperty("answers_by_kind") Map<String, Long> answersByKind,
        @JsonProperty("refusals") long refusals,
        @JsonProperty("content_filter") long contentFilter,
        @JsonProperty("truncated_by_max_tokens") long truncatedByMaxTokens,
        @JsonProperty("critique_corrections") long critiqueCorrections,
        @JsonProperty("critique_flips") long critiqueFlips,
        @JsonProperty("unrecognized_prompts") long unrecognizedPrompts,
        @JsonProperty("faults") Map<String, Long> faults,
        @JsonProperty("rate_limited") long rateLimited,
        @JsonProperty("prompt_tokens") long promptTokens,
        @JsonProperty("completion_tokens") long completionTokens,
        @JsonProperty("in_flight_max") long inFlightMax) {

    /** Answers of one kind ({@code label}, {@code off_format}, {@code refusal}, {@code critique}). */
    public long answers(String kind) {
        return answersByKind.getOrDefault(kind, 0L);
    }

    /** Faults of one kind, by its profile name (e.g. {@code rate_limited}). */
    public long faults(String kind) {
        return faults.getOrDefault(kind, 0L);
    }
}
