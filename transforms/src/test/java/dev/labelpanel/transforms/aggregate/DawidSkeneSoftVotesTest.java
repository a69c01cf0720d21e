package dev.labelpanel.transforms.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Soft votes (a labeler's probability per label) in Dawid-Skene: rounding, and how much a soft vote says. */
class DawidSkeneSoftVotesTest {
    private static final List<String> LABELS = List.of("NSFW", "SFW");

    private static List<Double> p(double nsfw) {
        return List.of(nsfw, 1 - nsfw);
    }

    @Test
    void softVotesAreRoundedToTwentiethsAndANoVoteStaysMissing() {
        VotePattern pattern = VotePattern.fromVotes(
                Arrays.asList("NSFW", null, "SFW"), Arrays.asList(List.of(0.87, 0.13), p(0.9), null), LABELS);
        assertEquals("0(0.85/0.15) - 1", pattern.toString());
        assertEquals(0.85, pattern.weight(0, 0), 1e-12);
        assertEquals(0, pattern.weight(1, 0));
        assertEquals(1, pattern.weight(2, 1));
        assertEquals(
                VotePattern.fromLabels(List.of("SFW"), LABELS),
                VotePattern.fromVotes(List.of("SFW"), Arrays.asList((List<Double>) null), LABELS));
        assertFalse(VotePattern.fromVotes(List.of("SFW"), Arrays.asList((List<Double>) null), LABELS)
                .isSoft());
    }

    /** Three labelers over 100 items: a mix of agreeing and split patterns. */
    private static Map<VotePattern, Long> hardCounts() {
        Map<VotePattern, Long> counts = new HashMap<>();
        counts.put(VotePattern.of(0, 0, 0), 30L);
        counts.put(VotePattern.of(1, 1, 1), 40L);
        counts.put(VotePattern.of(0, 0, 1), 10L);
        counts.put(VotePattern.of(1, 1, 0), 12L);
        counts.put(VotePattern.of(0, 1, 1), 8L);
        return counts;
    }

    @Test
    void oneHotSoftVotesFitTheSameModelAsHardVotes() {
        Map<VotePattern, Long> soft = new HashMap<>();
        hardCounts().forEach((pattern, n) -> {
            String[] votes = new String[3];
            List<List<Double>> probs = new java.util.ArrayList<>();
            for (int j = 0; j < 3; j++) {
                votes[j] = LABELS.get(pattern.vote(j));
                probs.add(p(pattern.vote(j) == 0 ? 1 : 0));
            }
            soft.put(VotePattern.fromVotes(List.of(votes), probs, LABELS), n);
        });
        DawidSkeneModel hardModel = DawidSkene.create(2).fit(3, hardCounts());
        DawidSkeneModel softModel = DawidSkene.create(2).fit(3, soft);
        assertArrayEquals(hardModel.priors(), softModel.priors(), 1e-9);
        for (int j = 0; j < 3; j++) {
            for (int k = 0; k < 2; k++) {
                assertArrayEquals(hardModel.confusion(j)[k], softModel.confusion(j)[k], 1e-9);
            }
        }
    }

    @Test
    void anUnsureSoftVoteSaysNothingAndASureOneSaysAsMuchAsAHardVote() {
        DawidSkeneModel model = DawidSkene.create(2).fit(3, hardCounts());
        double[] without = model.posterior(VotePattern.of(0, VotePattern.MISSING, 1));
        double[] unsure = model.posterior(
                VotePattern.fromVotes(List.of("NSFW", "NSFW", "SFW"), Arrays.asList(null, p(0.5), null), LABELS));
        double[] sure = model.posterior(
                VotePattern.fromVotes(List.of("NSFW", "NSFW", "SFW"), Arrays.asList(null, p(1.0), null), LABELS));
        double[] hard = model.posterior(VotePattern.of(0, 0, 1));
        assertArrayEquals(hard, sure, 1e-12);
        // q = (0.5, 0.5) weighs π[k][0] and π[k][1] alike: only how sharp the labeler is in each class is left.
        double[] middling = model.posterior(
                VotePattern.fromVotes(List.of("NSFW", "NSFW", "SFW"), Arrays.asList(null, p(0.75), null), LABELS));
        assertTrue(Math.abs(unsure[0] - without[0]) < Math.abs(hard[0] - without[0]), Arrays.toString(unsure));
        assertTrue(middling[0] > unsure[0] && middling[0] < hard[0], Arrays.toString(middling));
    }
}
