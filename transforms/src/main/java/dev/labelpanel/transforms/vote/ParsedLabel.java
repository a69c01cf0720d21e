package dev.labelpanel.transforms.vote;

import java.io.Serializable;

/**
 * What a model's answer says: a vote for {@code label} (a canonical label name), or no vote for {@code reason}.
 * Exactly one of the two is non-null.
 */
public record ParsedLabel(String label, NoVoteReason reason) implements Serializable {

    public ParsedLabel {
        if ((label == null) == (reason == null)) {
            throw new IllegalArgumentException("a parsed label has either a label or a no-vote reason but got label="
                    + label + ", reason=" + reason);
        }
    }

    public static ParsedLabel vote(String label) {
        return new ParsedLabel(label, null);
    }

    public static ParsedLabel noVote(NoVoteReason reason) {
        return new ParsedLabel(null, reason);
    }

    public boolean isVote() {
        return label != null;
    }

    @Override
    public String toString() {
        return isVote() ? label : "no vote (" + reason.wireName() + ")";
    }
}
