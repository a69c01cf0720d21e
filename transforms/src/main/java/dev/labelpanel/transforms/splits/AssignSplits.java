package dev.labelpanel.transforms.splits;

import com.google.auto.value.AutoValue;
import dev.labelpanel.schemas.Item;
import dev.labelpanel.transforms.Arguments;
import dev.labelpanel.transforms.coders.RecordCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/** Sets each deduplicated item's split (see {@link SplitAssigner}). Items must have a dedup key. */
@AutoValue
public abstract class AssignSplits extends PTransform<PCollection<Item>, PCollection<Item>> {
    private static final long serialVersionUID = 1L;

    /** Default seed of the split hash. */
    public static final long DEFAULT_SEED = 20230601L;

    abstract SplitRatios ratios();

    abstract long seed();

    abstract Builder toBuilder();

    /** The paper's 0.82 / 0.05 / 0.13 with the default seed. */
    public static AssignSplits create() {
        return new AutoValue_AssignSplits.Builder()
                .setRatios(SplitRatios.DEFAULT)
                .setSeed(DEFAULT_SEED)
                .build();
    }

    public AssignSplits withRatios(SplitRatios ratios) {
        Arguments.check(ratios != null, "split ratios must not be null");
        return toBuilder().setRatios(ratios).build();
    }

    /** A different seed gives a different (equally stable) assignment. */
    public AssignSplits withSeed(long seed) {
        return toBuilder().setSeed(seed).build();
    }

    @Override
    public PCollection<Item> expand(PCollection<Item> items) {
        return items.apply("HashToSplit", ParDo.of(new AssignFn(new SplitAssigner(ratios(), seed()))))
                .setCoder(RecordCoder.of(Item.class));
    }

    static final class AssignFn extends DoFn<Item, Item> {
        private final SplitAssigner assigner;

        AssignFn(SplitAssigner assigner) {
            this.assigner = assigner;
        }

        @ProcessElement
        public void process(@Element Item item, OutputReceiver<Item> out) {
            if (item.getDedupKey() == null) {
                throw new IllegalStateException(
                        "item " + item.getItemId() + " has no dedup_key: apply DedupItems before AssignSplits");
            }
            out.output(Item.newBuilder(item)
                    .setSplit(assigner.splitOf(item.getDedupKey()))
                    .build());
        }
    }

    @AutoValue.Builder
    abstract static class Builder {
        abstract Builder setRatios(SplitRatios ratios);

        abstract Builder setSeed(long seed);

        abstract AssignSplits build();
    }
}
