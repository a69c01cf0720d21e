package dev.labelpanel.transforms.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.aggregate.DawidSkene;
import dev.labelpanel.transforms.aggregate.DawidSkeneModel;
import dev.labelpanel.transforms.aggregate.VotePattern;
import dev.labelpanel.transforms.prompt.LabelSet;
import dev.labelpanel.transforms.vote.VoteRule;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Stage1Test {
    private static final LabelSet LABELS =
            LabelSet.of(new LabelSet.Label("NSFW", "explicit"), new LabelSet.Label("SFW", "everything else"));

    private static List<Vote> votes(String... labels) {
        return Arrays.stream(labels)
                .map(l -> Vote.newBuilder()
                        .setLabeler("m")
                        .setModel("m")
                        .setLabel(l)
                        .setNoVoteReason(l == null ? "refusal" : null)
                        .build())
                .toList();
    }

    /** A vote for {@code label} that states the probability of each label. */
    private static Vote stated(String label, Double... probs) {
        return Vote.newBuilder()
                .setLabeler("m")
                .setModel("m")
                .setLabel(label)
                .setLabelProbs(List.of(probs))
                .build();
    }

    @Test
    void majorityGivesTheVoteRulesWinnerAndTheSharesOfTheValidVotes() {
        Stage1 s = Stage1.byMajority(VoteRule.panelMajority().tally(Arrays.asList("SFW", "SFW", "NSFW", null)), LABELS);
        assertNull(s.label(), "2 of 4 is no panel majority");
        assertArrayEquals(new double[] {1.0 / 3, 2.0 / 3}, s.probs(), 1e-12);
        assertEquals(2.0 / 3, s.confidence(), 1e-12);
        assertEquals("no panel majority (SFW 2, NSFW 1, 1 no-votes)", s.undecided());
        Stage1 none = Stage1.byMajority(VoteRule.panelMajority().tally(Arrays.asList(null, null)), LABELS);
        assertNull(none.probs());
        assertNull(none.confidence());
    }

    @Test
    void dawidSkeneGivesTheArgmaxUnlessItIsLessSureThanFillBelow() {
        Map<VotePattern, Long> counts =
                Map.of(VotePattern.of(0, 0), 40L, VotePattern.of(1, 1), 50L, VotePattern.of(0, 1), 10L);
        DawidSkeneModel model = DawidSkene.create(2).fit(2, counts);
        double[] sure = model.posterior(VotePattern.of(1, 1));

        Stage1 decided = Stage1.byModel(votes("SFW", "SFW"), LABELS, model, 0.8);
        assertEquals("SFW", decided.label());
        assertEquals(ItemLabeler.DAWID_SKENE, decided.source());
        assertArrayEquals(sure, decided.probs(), 1e-12);
        assertEquals(sure[1], decided.confidence(), 1e-12);

        double[] split = model.posterior(VotePattern.of(0, 1));
        double confidence = Math.max(split[0], split[1]);
        Stage1 filled = Stage1.byModel(votes("NSFW", "SFW"), LABELS, model, confidence + 1e-9);
        assertNull(filled.label());
        assertEquals(confidence, filled.confidence(), 1e-12);
        Stage1 kept = Stage1.byModel(votes("NSFW", "SFW"), LABELS, model, confidence);
        assertEquals(split[0] > split[1] ? "NSFW" : "SFW", kept.label());
        // A no-vote is missing: one SFW vote alone is weighed like the labeler's SFW vote in a pair.
        assertArrayEquals(
                model.posterior(VotePattern.of(VotePattern.MISSING, 1)),
                Stage1.byModel(votes(null, "SFW"), LABELS, model, 0.5).probs(),
                1e-12);
    }

    @Test
    void aSingleModelPanelsStatedProbabilitiesAreTheItemsConfidence() {
        Vote sure = stated("NSFW", 0.83, 0.17);
        Stage1 single = Stage1.byMajority(VoteRule.panelMajority().tally(List.of("NSFW")), LABELS, List.of(sure));
        assertEquals("NSFW", single.label());
        assertArrayEquals(new double[] {0.83, 0.17}, single.probs(), 1e-12);
        assertEquals(0.83, single.confidence(), 1e-12);
        // Without stated probabilities, or with a larger panel, the shares of the votes stay.
        Stage1 shares = Stage1.byMajority(VoteRule.panelMajority().tally(List.of("NSFW")), LABELS, votes("NSFW"));
        assertArrayEquals(new double[] {1, 0}, shares.probs(), 1e-12);
        List<Vote> two = List.of(sure, sure);
        assertArrayEquals(
                new double[] {1, 0},
                Stage1.byMajority(VoteRule.panelMajority().tally(List.of("NSFW", "NSFW")), LABELS, two)
                        .probs(),
                1e-12);
    }

    @Test
    void dawidSkeneReadsSoftVotesFromTheVotesProbabilities() {
        Map<VotePattern, Long> counts =
                Map.of(VotePattern.of(0, 0), 40L, VotePattern.of(1, 1), 50L, VotePattern.of(0, 1), 10L);
        DawidSkeneModel model = DawidSkene.create(2).fit(2, counts);
        Vote unsure = stated("NSFW", 0.5, 0.5);
        List<Vote> panel = List.of(unsure, votes("SFW").get(0));
        assertEquals("0~0 1", VotePattern.ofPanelVotes(panel, LABELS.names()).toString());
        assertArrayEquals(
                model.posterior(VotePattern.ofPanelVotes(panel, LABELS.names())),
                Stage1.byModel(panel, LABELS, model, 0.5).probs(),
                1e-12);
    }
}
