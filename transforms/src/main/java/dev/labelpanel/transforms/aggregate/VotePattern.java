package dev.labelpanel.transforms.aggregate;

import dev.labelpanel.transforms.Arguments;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * One item's votes as label indexes, one entry per labeler in a fixed order; {@link #MISSING} for a no-vote
 * (refusal, unparseable answer, failed call, not asked). Items with the same votes share a pattern, so the
 * aggregation and agreement maths run over pattern counts, whose number does not grow with the items. A pattern may
 * carry soft votes ({@link #fromVotes}): a labeler's probability of each label, from its log-probabilities, rounded
 * to steps of 1/{@link #STEPS} so the patterns stay few.
 */
public final class VotePattern implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The entry for a labeler that gave no vote. */
    public static final int MISSING = -1;

    /** Soft votes are kept in steps of 1/STEPS, so items with nearly the same probabilities share a pattern. */
    public static final int STEPS = 20;

    private final int[] votes;
    /** Per labeler, its vote's probability of each label in 1/STEPS; null for a hard vote (or no soft votes at all). */
    private final int[][] soft;

    private VotePattern(int[] votes) {
        this(votes, null);
    }

    private VotePattern(int[] votes, int[][] soft) {
        this.votes = votes;
        this.soft = soft;
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

    /**
     * The pattern of {@code votes} with soft votes: labeler {@code j}'s {@code probs.get(j)} (its probability of each
     * label, in label order; null for a hard vote), rounded to steps of 1/{@link #STEPS}. A no-vote stays missing
     * whatever its probabilities. Without any probabilities this is {@link #fromLabels}.
     */
    public static VotePattern fromVotes(List<String> votes, List<List<Double>> probs, List<String> labels) {
        VotePattern hard = fromLabels(votes, labels);
        Arguments.check(probs.size() == votes.size(), "%d votes but %d probability lists", votes.size(), probs.size());
        int[][] soft = null;
        for (int j = 0; j < votes.size(); j++) {
            List<Double> p = probs.get(j);
            if (p == null || hard.votes[j] == MISSING) {
                continue;
            }
            Arguments.check(p.size() == labels.size(), "vote probabilities %s are not one per label of %s", p, labels);
            soft = soft == null ? new int[votes.size()][] : soft;
            soft[j] = steps(p);
        }
        return new VotePattern(hard.votes, soft);
    }

    /** Probabilities in whole steps of 1/STEPS that add up to STEPS (largest remainders first). */
    private static int[] steps(List<Double> p) {
        double total = 0;
        for (double x : p) {
            Arguments.check(x >= 0 && !Double.isNaN(x), "a probability must be >= 0 but was %s", x);
            total += x;
        }
        Arguments.check(total > 0, "vote probabilities %s add up to 0", p);
        int[] out = new int[p.size()];
        double[] remainder = new double[p.size()];
        int given = 0;
        for (int l = 0; l < out.length; l++) {
            double exact = p.get(l) / total * STEPS;
            out[l] = (int) Math.floor(exact);
            remainder[l] = exact - out[l];
            given += out[l];
        }
        while (given < STEPS) {
            int best = 0;
            for (int l = 1; l < out.length; l++) {
                best = remainder[l] > remainder[best] ? l : best;
            }
            out[best]++;
            remainder[best] = -1;
            given++;
        }
        return out;
    }

    /** Whether any vote of the pattern is soft. */
    public boolean isSoft() {
        return soft != null;
    }

    /**
     * Labeler {@code j}'s weight on {@code label}: its soft vote's probability of the label, or 1 for the label of a
     * hard vote and 0 for the others (0 for every label of a missing vote).
     */
    public double weight(int j, int label) {
        if (votes[j] == MISSING) {
            return 0;
        }
        if (soft != null && soft[j] != null) {
            return (double) soft[j][label] / STEPS;
        }
        return votes[j] == label ? 1 : 0;
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
        return other instanceof VotePattern that
                && Arrays.equals(votes, that.votes)
                && Arrays.deepEquals(soft, that.soft);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(votes) + Arrays.deepHashCode(soft);
    }

    /**
     * Label indexes separated by spaces, {@code -} for a no-vote, e.g. {@code "0 1 - 0"}; a soft vote adds its
     * probabilities, e.g. {@code "0(0.85/0.15)"}.
     */
    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(" ");
        for (int j = 0; j < votes.length; j++) {
            String vote = votes[j] == MISSING ? "-" : Integer.toString(votes[j]);
            if (soft != null && soft[j] != null) {
                StringJoiner probs = new StringJoiner("/", "(", ")");
                for (int step : soft[j]) {
                    probs.add(Double.toString((double) step / STEPS));
                }
                vote += probs;
            }
            out.add(vote);
        }
        return out.toString();
    }
}
