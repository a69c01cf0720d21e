package dev.labelpanel.transforms.splits;

import dev.labelpanel.transforms.extract.ContentHash;
import java.io.Serializable;

/**
 * Puts an item in train, validation or test from a hash of its dedup key and a seed alone, so the same content
 * lands in the same split on every run and runner, and duplicates (which share a dedup key) can never straddle
 * two splits.
 */
public final class SplitAssigner implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SplitRatios ratios;
    private final long seed;

    public SplitAssigner(SplitRatios ratios, long seed) {
        this.ratios = ratios;
        this.seed = seed;
    }

    /** The split's wire name ({@link Split#wireName()}) of the item with this dedup key. */
    public String splitOf(String dedupKey) {
        double u = ContentHash.create()
                .add("split/v1")
                .add(Long.toString(seed))
                .add(dedupKey)
                .unitInterval();
        if (u < ratios.train()) {
            return Split.TRAIN.wireName();
        }
        if (u < ratios.train() + ratios.validation()) {
            return Split.VALIDATION.wireName();
        }
        return Split.TEST.wireName();
    }
}
