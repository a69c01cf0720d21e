package dev.labelpanel.transforms.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.junit.jupiter.api.Test;

/**
 * What the Dawid-Skene fit holds does not grow with the items: the combine's accumulator (all the EM ever sees) has
 * one count per distinct vote pattern, at most 3^4 = 81 for 4 labelers and 2 labels, for 100,000 items as for
 * 1,000,000. Sizes are measured (entries, encoded bytes), not times; BENCHMARKS.md has the milliseconds.
 */
class FitDawidSkeneFnTest {
    private static final int LABELERS = 4;
    private static final FitDawidSkeneFn FN = new FitDawidSkeneFn(DawidSkene.create(2), LABELERS);

    @Test
    void tenTimesTheItemsGiveTheSamePatternsAndAnAccumulatorOfTheSameSize() throws IOException {
        Map<VotePattern, Long> small = accumulate(votes(100_000, 1));
        Map<VotePattern, Long> large = accumulate(votes(1_000_000, 2));

        // Every possible pattern occurs in both, so the accumulators have the same keys.
        assertEquals(81, small.size());
        assertEquals(81, large.size());
        assertEquals(100_000L, total(small));
        assertEquals(1_000_000L, total(large));
        // Encoded (what a runner ships and keeps): 10x the items add at most one byte to each pattern's count.
        int smallBytes = encoded(small);
        int largeBytes = encoded(large);
        assertTrue(
                largeBytes <= smallBytes + small.size(),
                "accumulator of 1,000,000 items " + largeBytes + " bytes vs 100,000 items " + smallBytes);
    }

    @Test
    void mergingWorkersAccumulatorsGivesTheCountsOfOne() {
        List<VotePattern> all = votes(30_000, 3);
        List<Map<VotePattern, Long>> parts = new ArrayList<>();
        for (int w = 0; w < 10; w++) {
            parts.add(accumulate(all.subList(w * 3_000, (w + 1) * 3_000)));
        }
        assertEquals(accumulate(all), FN.mergeAccumulators(parts));
    }

    @Test
    void theModelFittedToTenTimesTheItemsEstimatesTheSamePanel() {
        DawidSkeneModel small = FN.extractOutput(accumulate(votes(20_000, 4)));
        DawidSkeneModel large = FN.extractOutput(accumulate(votes(200_000, 5)));
        assertArrayEquals(new double[] {0.12, 0.88}, large.priors(), 0.01);
        assertArrayEquals(small.priors(), large.priors(), 0.01);
        for (int j = 0; j < LABELERS; j++) {
            assertEquals(ACCURACY[j], large.accuracy(j), 0.01, "labeler " + j);
            assertEquals(small.accuracy(j), large.accuracy(j), 0.02, "labeler " + j);
        }
    }

    /** The biased labeler is right on 95 % of NSFW (label 0) items but calls 55 % of SFW items NSFW. */
    private static final double[] BIASED_RIGHT = {0.95, 0.45};

    private static final double[] ACCURACY = {0.95, 0.78, 0.78, 0.12 * 0.95 + 0.88 * 0.45};

    /** {@code n} items of a panel like panel-skewed.yaml: 12 % NSFW (label 0), 10 % no-votes per labeler. */
    private static List<VotePattern> votes(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<VotePattern> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int truth = random.nextDouble() < 0.12 ? 0 : 1;
            int[] v = new int[LABELERS];
            for (int j = 0; j < LABELERS; j++) {
                double right = j < 3 ? ACCURACY[j] : BIASED_RIGHT[truth];
                v[j] = random.nextDouble() < 0.1
                        ? VotePattern.MISSING
                        : random.nextDouble() < right ? truth : 1 - truth;
            }
            out.add(VotePattern.of(v));
        }
        return out;
    }

    private static Map<VotePattern, Long> accumulate(List<VotePattern> items) {
        Map<VotePattern, Long> acc = FN.createAccumulator();
        for (VotePattern p : items) {
            acc = FN.addInput(acc, p);
        }
        return acc;
    }

    private static long total(Map<VotePattern, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static int encoded(Map<VotePattern, Long> acc) throws IOException {
        Coder<Map<VotePattern, Long>> coder =
                FN.getAccumulatorCoder(CoderRegistry.createDefault(), SerializableCoder.of(VotePattern.class));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        coder.encode(acc, bytes);
        return bytes.size();
    }
}
