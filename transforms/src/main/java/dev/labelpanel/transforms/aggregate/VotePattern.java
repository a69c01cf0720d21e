package dev.labelpanel.transforms.aggregate;

import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.Arguments;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * One item's votes as label indexes, one entry per labeler in a fixed order; {@link #MISSING} for a no-vote
 * (refusal, unparseable answer, failed call, not asked). Items with the same votes share a pattern, so the
 * aggregation and agreement maths run over pattern counts, whose number does not grow with the items. A pattern may
 * also say how sure each vote was ({@link #fromVotes}: its stated probability, from log-probabilities, in one of a
 * few bins, so the patterns stay few).
 */
public final class VotePattern implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The entry for a labeler that gave no vote. */
    public static final int MISSING = -1;

    /** The entry of {@link #confidenceBin} for a vote without a stated probability. */
    public static final int NO_BIN = -1;

    /** Upper edges of the bins of a vote's stated probability; the last bin is everything from the last edge up. */
    private static final double[] BIN_EDGES = {0.6, 0.75, 0.9};

    /** How many bins a stated probability falls into. */
    public static final int CONFIDENCE_BINS = BIN_EDGES.length + 1;

    private final int[] votes;
    /** Per labeler, the bin of its vote's stated probability, or NO_BIN; null when no vote states one. */
    private final int[] bins;

    private VotePattern(int[] votes) {
        this(votes, null);
    }

    private VotePattern(int[] votes, int[] bins) {
        this.votes = votes;
        this.bins = bins;
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
     * The pattern of {@code votes} with how sure each was: labeler {@code j}'s {@code probs.get(j)} (its probability of
     * each label, in label order; null when it stated none) puts its vote's probability into one of {@link
     * #CONFIDENCE_BINS} bins (below 0.6, 0.75, 0.9, and from 0.9 up). A no-vote stays missing. Without any
     * probabilities this is {@link #fromLabels}.
     */
    public static VotePattern fromVotes(List<String> votes, List<List<Double>> probs, List<String> labels) {
        VotePattern hard = fromLabels(votes, labels);
        Arguments.check(probs.size() == votes.size(), "%d votes but %d probability lists", votes.size(), probs.size());
        int[] bins = null;
        for (int j = 0; j < votes.size(); j++) {
            List<Double> p = probs.get(j);
            if (p == null || hard.votes[j] == MISSING) {
                continue;
            }
            Arguments.check(p.size() == labels.size(), "vote probabilities %s are not one per label of %s", p, labels);
            if (bins == null) {
                bins = new int[votes.size()];
                java.util.Arrays.fill(bins, NO_BIN);
            }
            double total = p.stream().mapToDouble(Double::doubleValue).sum();
            Arguments.check(total > 0, "vote probabilities %s add up to 0", p);
            bins[j] = bin(p.get(hard.votes[j]) / total);
        }
        return new VotePattern(hard.votes, bins);
    }

    /**
     * The panel's votes as Dawid-Skene sees them, in labeling and in the run summary alike: soft where a vote has
     * {@code label_probs} ({@link #fromVotes}), hard otherwise.
     */
    public static VotePattern ofPanelVotes(List<Vote> panelVotes, List<String> labels) {
        return fromVotes(
                panelVotes.stream().map(Vote::getLabel).toList(),
                panelVotes.stream().map(Vote::getLabelProbs).toList(),
                labels);
    }

    private static int bin(double stated) {
        int bin = 0;
        while (bin < BIN_EDGES.length && stated >= BIN_EDGES[bin]) {
            bin++;
        }
        return bin;
    }

    /** Whether any vote of the pattern states how sure it was. */
    public boolean isSoft() {
        return bins != null;
    }

    /** The bin of labeler {@code j}'s stated probability of its vote (see {@link #fromVotes}), or {@link #NO_BIN}. */
    public int confidenceBin(int j) {
        return bins == null ? NO_BIN : bins[j];
    }

    /**
     * What Dawid-Skene observes of labeler {@code j}: its label index when {@code binned} is false; else the label
     * and its confidence bin as one index, {@code label * (CONFIDENCE_BINS + 1) + bin}, a vote without a stated
     * probability in the extra last bin. {@link #MISSING} for a no-vote.
     */
    int observation(int j, boolean binned) {
        int v = votes[j];
        if (v == MISSING || !binned) {
            return v;
        }
        int bin = confidenceBin(j);
        return v * (CONFIDENCE_BINS + 1) + (bin == NO_BIN ? CONFIDENCE_BINS : bin);
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
        return other instanceof VotePattern that && Arrays.equals(votes, that.votes) && Arrays.equals(bins, that.bins);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(votes) + Arrays.hashCode(bins);
    }

    /**
     * Label indexes separated by spaces, {@code -} for a no-vote, e.g. {@code "0 1 - 0"}; a vote with a stated
     * probability adds its bin, e.g. {@code "0~3"}.
     */
    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(" ");
        for (int j = 0; j < votes.length; j++) {
            String vote = votes[j] == MISSING ? "-" : Integer.toString(votes[j]);
            out.add(confidenceBin(j) == NO_BIN ? vote : vote + "~" + confidenceBin(j));
        }
        return out.toString();
    }
}
