package dev.labelpanel.transforms.vote;

import dev.labelpanel.transforms.WireName;

/** Why an answer gave no vote. The wire name is what {@code Vote} records and metrics store. */
public enum NoVoteReason implements WireName {
    /** The model declined to label the item, in words or through {@code finish_reason = content_filter}. */
    REFUSAL,
    /** The answer names two or more different labels and no rule picks one of them. */
    BOTH_LABELS,
    /** The answer is empty or only whitespace. */
    EMPTY,
    /** The model stopped at its token limit ({@code finish_reason = length}) before the answer named one label. */
    CUT_OFF,
    /** The answer names no label that can be read as the model's choice. */
    UNPARSEABLE;

    /** The reason with this wire name (case-insensitive). */
    public static NoVoteReason fromWireName(String name) {
        return WireName.parse(values(), name, "no-vote reason");
    }
}
