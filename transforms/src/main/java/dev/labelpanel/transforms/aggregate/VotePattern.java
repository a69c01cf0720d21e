package dev.labelpanel.transforms.aggregate;

import dev.labelpanel.transforms.Arguments;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * One item's votes as label indexes, one entry per labeler in a fixed order; {@link #MISSING} for a no-vote
 * (refusal, unparseable answer, failed call, not asked). Items with the same votes share a pattern, so the
 * aggregation and agreement maths run over pattern counts, whose number does not grow with the items.
 */
public final class VotePattern implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The entry for a labeler that gave no vote. */
    public static final int MISSING = -1;

    private final int[] votes;

    private VotePattern(int[] votes) {
        this.votes = votes;
    }

    /** A pattern of label indexes, {@link #MISSING} for a no-vote. */
    public static VotePattern of(int... votes) {
        for (int v : votes) {
            Arguments.check(v >= MISSING, "a vote is a label index >= 0 or MISSING (-1) but was %d", v);
        }
        return new VotePattern(votes.clone());
    }

    /** The pattern of {@code votes} (canonical labels, null for a no-vote) against {@code labels}. */
    public static VotePattern fromLabels(List<String> votes, List<String> labels) {
        int[] out = new int[votes.size()];
        for (int i = 0; i < out.length; i++) {
            String vote = votes.get(i);
            out[i] = vote == null ? MISSING : labels.indexOf(vote);
            Arguments.check(vote == null || out[i] >= 0, "vote '%s' is not one of the labels %s", vote, labels);
        }
        return new VotePattern(out);
    }

    /** The number of labelers. */
    public int size() {
        return votes.length;
    }

    /** Labeler {@code j}'s label index, or {@link #MISSING}. */
    public int vote(int j) {
        return votes[j];
    }

    /** How many votes each of {@code numLabels} labels got. */
    public int[] labelCounts(int numLabels) {
        int[] counts = new int[numLabels];
        for (int v : votes) {
            if (v != MISSING) {
                counts[v]++;
            }
        }
        return counts;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VotePattern that && Arrays.equals(votes, that.votes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(votes);
    }

    /** Label indexes separated by spaces, {@code -} for a no-vote, e.g. {@code "0 1 - 0"}. */
    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(" ");
        for (int v : votes) {
            out.add(v == MISSING ? "-" : Integer.toString(v));
        }
        return out.toString();
    }
}
