package dev.labelpanel.transforms.label;

import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.aggregate.DawidSkeneModel;
import dev.labelpanel.transforms.aggregate.VotePattern;
import dev.labelpanel.transforms.prompt.LabelSet;
import dev.labelpanel.transforms.vote.Tally;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the panel's votes say about an item: the stage-1 label (null sends the item to the filler), its
 * {@code label_source}, the probability of each label in label-set order (null when there is nothing to estimate
 * from), and, when undecided, why — for the unlabeled reason if the filler cannot help either.
 */
record Stage1(String label, String source, double[] probs, String undecided) {

    /**
     * The vote rule's winner; the probabilities are the shares of the valid panel votes, except for a panel of one
     * model whose vote states its probabilities ({@code logprobs: true}): then they are the item's.
     */
    static Stage1 byMajority(Tally tally, LabelSet labels, List<Vote> panelVotes) {
        Stage1 shares = byMajority(tally, labels);
        List<Double> stated = panelVotes.size() == 1 ? panelVotes.get(0).getLabelProbs() : null;
        if (stated == null
                || shares.label() == null
                || !shares.label().equals(panelVotes.get(0).getLabel())) {
            return shares;
        }
        return new Stage1(
                shares.label(),
                shares.source(),
                stated.stream().mapToDouble(Double::doubleValue).toArray(),
                null);
    }

    /** The vote rule's winner; the probabilities are the shares of the valid panel votes. */
    static Stage1 byMajority(Tally tally, LabelSet labels) {
        double[] probs = null;
        if (tally.validVotes() > 0) {
            probs = new double[labels.size()];
            for (int k = 0; k < probs.length; k++) {
                probs[k] = (double) tally.count(labels.names().get(k)) / tally.validVotes();
            }
        }
        String undecided = tally.winner() == null ? "no panel majority (" + describe(tally) + ")" : null;
        return new Stage1(tally.winner(), ItemLabeler.MAJORITY, probs, undecided);
    }

    /** The Dawid-Skene posterior's argmax, unless its probability is below {@code fillBelow}. */
    static Stage1 byModel(List<Vote> panelVotes, LabelSet labels, DawidSkeneModel model, double fillBelow) {
        double[] probs = model.posterior(VotePattern.ofPanelVotes(panelVotes, labels.names()));
        int best = 0;
        for (int k = 1; k < probs.length; k++) {
            best = probs[k] > probs[best] ? k : best;
        }
        if (probs[best] >= fillBelow) {
            return new Stage1(labels.names().get(best), ItemLabeler.DAWID_SKENE, probs, null);
        }
        String undecided = String.format(
                Locale.ROOT,
                "Dawid-Skene confidence %.3f for %s is below fill_below %s",
                probs[best],
                labels.names().get(best),
                fillBelow);
        return new Stage1(null, ItemLabeler.DAWID_SKENE, probs, undecided);
    }

    /** The largest probability, or null without probabilities. */
    Double confidence() {
        if (probs == null) {
            return null;
        }
        double max = 0;
        for (double p : probs) {
            max = Math.max(max, p);
        }
        return max;
    }

    List<Double> probList() {
        return probs == null ? null : java.util.Arrays.stream(probs).boxed().toList();
    }

    private static String describe(Tally tally) {
        Map<String, Integer> counts = tally.counts();
        String votes = counts.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return (votes.isEmpty() ? "no valid votes" : votes) + ", " + tally.noVotes() + " no-votes";
    }
}
