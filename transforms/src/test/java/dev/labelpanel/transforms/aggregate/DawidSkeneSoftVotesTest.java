package dev.labelpanel.transforms.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Votes that state how sure they were (log-probabilities) in Dawid-Skene: confidence bins and what they teach. */
class DawidSkeneSoftVotesTest {
    private static final List<String> LABELS = List.of("NSFW", "SFW");

    private static List<Double> p(double nsfw) {
        return List.of(nsfw, 1 - nsfw);
    }

    @Test
    void aVotesStatedProbabilityFallsIntoABinAndANoVoteStaysMissing() {
        VotePattern pattern = VotePattern.fromVotes(
                Arrays.asList("NSFW", null, "SFW", "SFW"),
                Arrays.asList(List.of(0.87, 0.13), p(0.9), null, p(0.45)),
                LABELS);
        assertEquals("0~2 - 1 1~0", pattern.toString());
        assertEquals(VotePattern.NO_BIN, pattern.confidenceBin(1));
        assertEquals(VotePattern.NO_BIN, pattern.confidenceBin(2));
        VotePattern hard = VotePattern.fromVotes(List.of("SFW"), Arrays.asList((List<Double>) null), LABELS);
        assertEquals(VotePattern.fromLabels(List.of("SFW"), LABELS), hard);
        assertFalse(hard.isSoft());
    }

    private static VotePattern soft(int[] votes, double[] stated) {
        List<String> labels = new ArrayList<>();
        List<List<Double>> probs = new ArrayList<>();
        for (int j = 0; j < votes.length; j++) {
            labels.add(LABELS.get(votes[j]));
            probs.add(votes[j] == 0 ? p(stated[j]) : p(1 - stated[j]));
        }
        return VotePattern.fromVotes(labels, probs, LABELS);
    }

    /**
     * Three labelers; the third is right whenever it is sure (0.95) and a coin flip when it is not (0.55). Its votes
     * alone can't tell the two apart; with the bins the fit learns to trust only its sure votes.
     */
    private static Map<VotePattern, Long> counts(boolean withProbabilities) {
        Map<VotePattern, Long> counts = new HashMap<>();
        int[][] patterns = {{0, 0, 0}, {1, 1, 1}, {0, 0, 1}, {1, 1, 0}, {0, 1, 0}, {1, 0, 1}};
        double[][] stated = {{.9, .9, .95}, {.9, .9, .95}, {.9, .9, .55}, {.9, .9, .55}, {.9, .9, .95}, {.9, .9, .95}};
        long[] n = {40, 40, 12, 12, 3, 3};
        for (int i = 0; i < patterns.length; i++) {
            VotePattern pattern = withProbabilities ? soft(patterns[i], stated[i]) : VotePattern.of(patterns[i]);
            counts.merge(pattern, n[i], Long::sum);
        }
        return counts;
    }

    @Test
    void theFitLearnsHowOftenALabelerIsRightPerConfidenceBin() {
        DawidSkeneModel hard = DawidSkene.create(2).fit(3, counts(false));
        DawidSkeneModel binned = DawidSkene.create(2).fit(3, counts(true));
        assertFalse(hard.binned());
        assertTrue(binned.binned());
        for (int k = 0; k < 2; k++) {
            double[] row = binned.confusion(2)[k];
            assertEquals(1.0, row[0] + row[1], 1e-9, "bins sum back into a confusion row");
        }
        // The third labeler, sure and alone against the first: the binned model sides with it, as its sure votes
        // were always right; unsure and against both others, it counts for less than a hard vote.
        double[] sureHard = hard.posterior(VotePattern.of(0, 1, 0));
        double[] sureBinned = binned.posterior(soft(new int[] {0, 1, 0}, new double[] {.9, .9, .95}));
        assertTrue(sureBinned[0] > sureHard[0], Arrays.toString(sureBinned) + " vs " + Arrays.toString(sureHard));
        double[] unsureHard = hard.posterior(VotePattern.of(0, 0, 1));
        double[] unsureBinned = binned.posterior(soft(new int[] {0, 0, 1}, new double[] {.9, .9, .55}));
        assertTrue(unsureBinned[0] > unsureHard[0], Arrays.toString(unsureBinned));
    }

    @Test
    void withoutStatedProbabilitiesTheFitIsTheHardOne() {
        Map<VotePattern, Long> unstated = new HashMap<>();
        counts(false)
                .forEach((pattern, n) -> unstated.put(
                        VotePattern.fromVotes(
                                Arrays.asList(
                                        LABELS.get(pattern.vote(0)),
                                        LABELS.get(pattern.vote(1)),
                                        LABELS.get(pattern.vote(2))),
                                Arrays.asList(null, null, null),
                                LABELS),
                        n));
        DawidSkeneModel a = DawidSkene.create(2).fit(3, counts(false));
        DawidSkeneModel b = DawidSkene.create(2).fit(3, unstated);
        assertArrayEquals(a.priors(), b.priors(), 0);
        assertArrayEquals(a.confusion(2)[0], b.confusion(2)[0], 0);
    }
}
