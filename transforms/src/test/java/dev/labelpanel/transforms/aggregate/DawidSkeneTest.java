package dev.labelpanel.transforms.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DawidSkeneTest {
    private static final int M = VotePattern.MISSING;

    @Test
    void oneIterationMatchesTheHandComputedMStepAndEStep() {
        // Two labelers, two classes: 3 items (0,0), 1 item (1,1), 2 items (0,1); Dirichlet alpha = 1.
        Map<VotePattern, Long> counts = new LinkedHashMap<>();
        counts.put(VotePattern.of(0, 0), 3L);
        counts.put(VotePattern.of(1, 1), 1L);
        counts.put(VotePattern.of(0, 1), 2L);
        DawidSkeneModel m =
                DawidSkene.create(2).withSmoothing(1).withMaxIterations(1).fit(2, counts);

        // Soft majority: (0,1) counts half to each class, so class 0 has mass 3 + 1 = 4 and class 1 has 1 + 1 = 2.
        assertArrayEquals(new double[] {5.0 / 8, 3.0 / 8}, m.priors(), 1e-12);
        // Labeler A votes 0 on all of class 0's mass (4) and half/half on class 1's (1 and 1).
        assertArrayEquals(new double[] {5.0 / 6, 1.0 / 6}, m.confusion(0)[0], 1e-12);
        assertArrayEquals(new double[] {2.0 / 4, 2.0 / 4}, m.confusion(0)[1], 1e-12);
        // Labeler B votes 0 on 3 and 1 on 1 of class 0's mass, and 1 on all of class 1's (2).
        assertArrayEquals(new double[] {4.0 / 6, 2.0 / 6}, m.confusion(1)[0], 1e-12);
        assertArrayEquals(new double[] {1.0 / 4, 3.0 / 4}, m.confusion(1)[1], 1e-12);

        // E-step for (0,1): class 0: 5/8 * 5/6 * 2/6 = 50/288; class 1: 3/8 * 2/4 * 3/4 = 40.5/288.
        assertArrayEquals(new double[] {50 / 90.5, 40.5 / 90.5}, m.posterior(VotePattern.of(0, 1)), 1e-12);
        // (0,0): 100/288 vs 13.5/288; (1,1): 10/288 vs 40.5/288.
        double ll = 3 * Math.log(113.5 / 288) + Math.log(50.5 / 288) + 2 * Math.log(90.5 / 288);
        assertEquals(ll, m.logLikelihood(), 1e-12);
        assertEquals(1, m.iterations());
        assertFalse(m.converged());
        // Labeler A's estimated accuracy: 5/8 * 5/6 + 3/8 * 1/2.
        assertEquals(5.0 / 8 * 5 / 6 + 3.0 / 8 / 2, m.accuracy(0), 1e-12);
    }

    @Test
    void aStronglyBiasedLabelerGetsAConfusionMatrixShowingTheBias() {
        double[] priors = {0.6, 0.4};
        double[][][] truth = {
            {{0.9, 0.1}, {0.1, 0.9}},
            {{0.75, 0.25}, {0.25, 0.75}},
            {{0.75, 0.25}, {0.3, 0.7}},
            {{0.3, 0.7}, {0.05, 0.95}}, // says 1 most of the time, whatever the truth
        };
        double[] missing = {0.0, 0.0, 0.1, 0.05};
        DawidSkeneModel m = DawidSkene.create(2).fit(4, expectedCounts(priors, truth, missing, 1_000_000));

        assertTrue(m.converged());
        assertFalse(m.fellBackToMajority());
        assertArrayEquals(priors, m.priors(), 0.005);
        for (int j = 0; j < 4; j++) {
            for (int k = 0; k < 2; k++) {
                assertArrayEquals(truth[j][k], m.confusion(j)[k], 0.005, "labeler " + j + " class " + k);
            }
        }
        assertEquals(0.6 * 0.3 + 0.4 * 0.95, m.accuracy(3), 0.005);
        // The biased labeler's lone vote for 1 against three votes for 0 barely moves the posterior ...
        assertTrue(m.posterior(VotePattern.of(0, 0, 0, 1))[0] > 0.95);
        // ... but its rare vote for 0 is strong evidence: with the strong labeler it outweighs two average ones.
        assertTrue(m.posterior(VotePattern.of(0, 1, 1, 0))[0] > 0.5);
    }

    @Test
    void fourEqualIndependentLabelersAgreeWithTheMajority() {
        double[] priors = {1.0 / 3, 1.0 / 3, 1.0 / 3};
        double[][] same = {{0.8, 0.1, 0.1}, {0.1, 0.8, 0.1}, {0.1, 0.1, 0.8}};
        double[][][] truth = {same, same, same, same};
        Map<VotePattern, Long> counts = expectedCounts(priors, truth, new double[] {0.05, 0.05, 0.05, 0.05}, 100_000);
        DawidSkeneModel m = DawidSkene.create(3).fit(4, counts);

        int checked = 0;
        for (VotePattern p : counts.keySet()) {
            int[] c = p.labelCounts(3);
            int plurality = argmax(c);
            boolean unique = true;
            for (int k = 0; k < 3; k++) {
                unique &= k == plurality || c[k] < c[plurality];
            }
            if (unique && c[plurality] > 0) {
                assertEquals(plurality, argmax(m.posterior(p)), "pattern " + p);
                checked++;
            }
        }
        assertTrue(checked > 50, "checked " + checked + " patterns");
    }

    @Test
    void anItemWithoutVotesGetsThePriors() {
        Map<VotePattern, Long> counts = new HashMap<>();
        counts.put(VotePattern.of(0, 0), 7L);
        counts.put(VotePattern.of(1, 1), 3L);
        counts.put(VotePattern.of(M, M), 5L);
        DawidSkeneModel m = DawidSkene.create(2).fit(2, counts);
        assertArrayEquals(m.priors(), m.posterior(VotePattern.of(M, M)), 1e-12);
        // The 5 vote-less items count towards the priors as the priors themselves do, not as a class.
        assertEquals(0.7, m.priors()[0], 0.01);
    }

    @Test
    void theFitDependsOnPatternSharesNotOnTheNumberOfItems() {
        double[] priors = {0.5, 0.5};
        double[][][] truth = {
            {{0.9, 0.1}, {0.2, 0.8}}, {{0.7, 0.3}, {0.3, 0.7}}, {{0.8, 0.2}, {0.1, 0.9}}, {{0.6, 0.4}, {0.4, 0.6}}
        };
        double[] missing = {0.1, 0.1, 0.1, 0.1}; // 3^4 = 81 patterns
        Map<VotePattern, Long> small = expectedCounts(priors, truth, missing, 100_000);
        Map<VotePattern, Long> large = new HashMap<>();
        small.forEach((p, n) -> large.put(p, n * 1000));
        assertEquals(81, small.size());
        DawidSkeneModel a = DawidSkene.create(2).fit(4, small);
        DawidSkeneModel b = DawidSkene.create(2).fit(4, large);
        assertArrayEquals(a.priors(), b.priors(), 1e-5);
        assertEquals(a.accuracy(0), b.accuracy(0), 1e-5);
    }

    @Test
    void rejectsAPatternOfTheWrongLength() {
        Map<VotePattern, Long> counts = Map.of(VotePattern.of(0, 1, 0), 1L);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> DawidSkene.create(2).fit(2, counts));
        assertEquals("vote pattern '0 1 0' has 3 votes but the panel has 2", e.getMessage());
    }

    /** Counts of every pattern, {@code items} times its probability, rounded. */
    static Map<VotePattern, Long> expectedCounts(
            double[] priors, double[][][] confusion, double[] missing, long items) {
        int labelers = confusion.length;
        int labels = priors.length;
        int options = labels + 1;
        Map<VotePattern, Long> out = new HashMap<>();
        int total = (int) Math.pow(options, labelers);
        for (int code = 0; code < total; code++) {
            int[] votes = new int[labelers];
            int rest = code;
            for (int j = 0; j < labelers; j++) {
                votes[j] = rest % options - 1;
                rest /= options;
            }
            double prob = 0;
            for (int k = 0; k < labels; k++) {
                double pk = priors[k];
                for (int j = 0; j < labelers; j++) {
                    pk *= votes[j] == M ? missing[j] : (1 - missing[j]) * confusion[j][k][votes[j]];
                }
                prob += pk;
            }
            long n = Math.round(prob * items);
            if (n > 0) {
                out.put(VotePattern.of(votes), n);
            }
        }
        return out;
    }

    private static int argmax(double[] xs) {
        int best = 0;
        for (int i = 1; i < xs.length; i++) {
            best = xs[i] > xs[best] ? i : best;
        }
        return best;
    }

    private static int argmax(int[] xs) {
        int best = 0;
        for (int i = 1; i < xs.length; i++) {
            best = xs[i] > xs[best] ? i : best;
        }
        return best;
    }
}
