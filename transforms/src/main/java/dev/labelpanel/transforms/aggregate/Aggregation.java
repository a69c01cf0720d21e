package dev.labelpanel.transforms.aggregate;

import dev.labelpanel.transforms.Arguments;
import dev.labelpanel.transforms.WireName;
import java.io.Serializable;

/**
 * How the panel's votes give the stage-1 label (config keys {@code aggregation} and {@code fill_below}):
 *
 * <ul>
 *   <li>{@code majority} (default): the vote rule decides, item by item, as soon as the item's votes are in;
 *       {@code label_probs} are the shares of the item's valid panel votes;
 *   <li>{@code dawid-skene}: all panel votes are in first; a {@link DawidSkene} model fitted to them gives every
 *       item a posterior; its argmax is the stage-1 label unless the item's confidence (the largest posterior) is
 *       below {@code fill_below}, in which case the item goes to the filler like a no-majority item.
 * </ul>
 *
 * <p>{@code fillBelow}: in Dawid-Skene mode, the confidence below which an item goes to the filler.
 */
public record Aggregation(Method method, double fillBelow) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The config values of {@code aggregation}; the {@link #wireName()} is also written in {@code label_source}. */
    public enum Method implements WireName {
        MAJORITY,
        DAWID_SKENE
    }

    /** The default of {@code aggregation}: the vote rule decides, as the CensorChat method does. */
    public static final Method DEFAULT_METHOD = Method.MAJORITY;
    /** The default of {@code fill_below}: Dawid-Skene items less sure than this go to the filler. */
    public static final double DEFAULT_FILL_BELOW = 0.8;

    public Aggregation {
        Arguments.check(method != null, "aggregation must be one of majority, dawid-skene");
        Arguments.check(fillBelow >= 0 && fillBelow <= 1, "fill_below must be between 0 and 1 but was %s", fillBelow);
    }

    /** Today's rule: the vote rule decides. */
    public static Aggregation majority() {
        return new Aggregation(Method.MAJORITY, DEFAULT_FILL_BELOW);
    }

    /** {@code method}; with Dawid-Skene, items with confidence below {@code fillBelow} go to the filler. */
    public static Aggregation of(Method method, double fillBelow) {
        return new Aggregation(method, fillBelow);
    }

    public boolean isDawidSkene() {
        return method == Method.DAWID_SKENE;
    }

    /** The config value of {@code aggregation}. */
    @Override
    public String toString() {
        return method.wireName();
    }
}
