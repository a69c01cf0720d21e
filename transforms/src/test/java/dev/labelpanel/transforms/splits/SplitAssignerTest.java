package dev.labelpanel.transforms.splits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.transforms.extract.ItemKeys;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitAssignerTest {
    private static Map<String, Integer> assign(SplitAssigner assigner, int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(assigner.splitOf(ItemKeys.dedupKey("utterance", "text " + i, null, false)), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void sharesFollowTheRatiosWithinBinomialNoise() {
        int n = 100_000;
        Map<String, Integer> counts = assign(new SplitAssigner(SplitRatios.DEFAULT, 7), n);
        double[] expected = {0.82, 0.05, 0.13};
        String[] names = {"train", "validation", "test"};
        for (int i = 0; i < 3; i++) {
            double sigma = Math.sqrt(n * expected[i] * (1 - expected[i]));
            assertTrue(
                    Math.abs(counts.get(names[i]) - n * expected[i]) < 5 * sigma,
                    names[i] + " got " + counts.get(names[i]) + " of " + n);
        }
    }

    @Test
    void theSameKeyAlwaysGetsTheSameSplitAndTheSeedChangesIt() {
        SplitAssigner a = new SplitAssigner(SplitRatios.DEFAULT, 1);
        SplitAssigner again = new SplitAssigner(SplitRatios.DEFAULT, 1);
        SplitAssigner other = new SplitAssigner(SplitRatios.DEFAULT, 2);
        int differ = 0;
        for (int i = 0; i < 1000; i++) {
            String key = ItemKeys.dedupKey("utterance", "t" + i, null, false);
            assertEquals(a.splitOf(key), again.splitOf(key));
            if (!a.splitOf(key).equals(other.splitOf(key))) {
                differ++;
            }
        }
        assertTrue(differ > 200, "another seed should reshuffle about 31% of keys but moved " + differ);
    }

    @Test
    void zeroShareSplitsGetNothing() {
        Map<String, Integer> counts = assign(new SplitAssigner(new SplitRatios(0.5, 0.0, 0.5), 3), 5000);
        assertEquals(null, counts.get("validation"));
        assertNotEquals(null, counts.get("test"));
    }

    @Test
    void ratiosMustSumToOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SplitRatios(0.8, 0.1, 0.2));
        assertTrue(
                e.getMessage().startsWith("splits.train + splits.validation + splits.test must be 1"), e.getMessage());
    }
}
