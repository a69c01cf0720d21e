package dev.labelpanel.transforms.aggregate;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Counts vote patterns and fits {@link DawidSkene} to the counts: a global combine whose accumulator holds at most
 * one entry per distinct pattern, so neither its size nor the fit grows with the number of items.
 */
public final class FitDawidSkeneFn extends Combine.CombineFn<VotePattern, Map<VotePattern, Long>, DawidSkeneModel> {
    private static final long serialVersionUID = 1L;

    private final DawidSkene em;
    private final int numLabelers;

    public FitDawidSkeneFn(DawidSkene em, int numLabelers) {
        this.em = em;
        this.numLabelers = numLabelers;
    }

    @Override
    public Map<VotePattern, Long> createAccumulator() {
        return new HashMap<>();
    }

    @Override
    public Map<VotePattern, Long> addInput(Map<VotePattern, Long> counts, VotePattern pattern) {
        counts.merge(pattern, 1L, Long::sum);
        return counts;
    }

    @Override
    public Map<VotePattern, Long> mergeAccumulators(Iterable<Map<VotePattern, Long>> accumulators) {
        Map<VotePattern, Long> merged = new HashMap<>();
        for (Map<VotePattern, Long> counts : accumulators) {
            counts.forEach((p, n) -> merged.merge(p, n, Long::sum));
        }
        return merged;
    }

    @Override
    public DawidSkeneModel extractOutput(Map<VotePattern, Long> counts) {
        return em.fit(numLabelers, counts);
    }

    @Override
    public Coder<Map<VotePattern, Long>> getAccumulatorCoder(CoderRegistry registry, Coder<VotePattern> inputCoder) {
        return MapCoder.of(SerializableCoder.of(VotePattern.class), VarLongCoder.of());
    }

    @Override
    public Coder<DawidSkeneModel> getDefaultOutputCoder(CoderRegistry registry, Coder<VotePattern> inputCoder) {
        return SerializableCoder.of(DawidSkeneModel.class);
    }
}
