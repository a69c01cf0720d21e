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
}
