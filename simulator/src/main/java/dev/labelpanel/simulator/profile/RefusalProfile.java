package dev.labelpanel.simulator.profile;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * How often a model refuses to label an item: {@code rate} for any item, overridden per true label by {@code by_label}
 * (models refuse explicit text more often). A share {@code content_filter_share} of refusals comes back with
 * {@code finish_reason: content_filter}; the rest are a polite refusal text with {@code finish_reason: stop}.
 */
public record RefusalProfile(
        @JsonProperty("rate") double rate,
        @JsonProperty("by_label") Map<String, Double> byLabel,
        @JsonProperty("content_filter_share") double contentFilterShare) {

    public RefusalProfile {
        byLabel = byLabel == null ? Map.of() : Map.copyOf(byLabel);
    }

    public static RefusalProfile none() {
        return new RefusalProfile(0, Map.of(), 0);
    }

    /** The refusal probability for an item whose true label is {@code truth}. */
    public double rateFor(String truth) {
        return byLabel.getOrDefault(truth, rate);
    }

    void validate(String field, LabelSet labels) {
        Checks.probability(field + ".rate", rate);
        Checks.probability(field + ".content_filter_share", contentFilterShare);
        byLabel.forEach((label, p) -> {
            if (!labels.contains(label)) {
                throw new ProfileException(
                        field + ".by_label names unknown label '" + label + "'; labels are " + labels.names());
            }
            Checks.probability(field + ".by_label." + label, p);
        });
    }
}
