package dev.labelpanel.transforms.vote;

import java.util.Locale;

/** Why an answer gave no vote. The wire name is what {@code Vote} records and metrics store. */
public enum NoVoteReason {
    /** The model declined to label the item, in words or through {@code finish_reason = content_filter}. */
    REFUSAL("refusal"),
    /** The answer names two or more different labels and no rule picks one of them. */
    BOTH_LABELS("both-labels"),
    /** The answer is empty or only whitespace. */
    EMPTY("empty"),
    /** The model stopped at its token limit ({@code finish_reason = length}) before the answer named one label. */
    CUT_OFF("cut-off"),
    /** The answer names no label that can be read as the model's choice. */
    UNPARSEABLE("unparseable");

    private final String wireName;

    NoVoteReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The reason with this wire name (case-insensitive). */
    public static NoVoteReason fromWireName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (NoVoteReason reason : values()) {
            if (reason.wireName.equals(wanted)) {
                return reason;
            }
        }
        throw new IllegalArgumentException(
                "no-vote reason must be one of refusal, both-labels, empty, cut-off, unparseable but was '" + name
                        + "'");
    }
}
