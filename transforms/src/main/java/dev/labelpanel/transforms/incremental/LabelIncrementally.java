package dev.labelpanel.transforms.incremental;

import static dev.labelpanel.transforms.Arguments.check;

import dev.labelpanel.schemas.Item;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.transforms.coders.RecordCoder;
import dev.labelpanel.transforms.dedup.DedupItems;
import dev.labelpanel.transforms.label.LabelItems;
import dev.labelpanel.transforms.label.LabelingSpec;
import dev.labelpanel.transforms.summary.LabelCounts;
import dev.labelpanel.transforms.summary.RunCounts;
import dev.labelpanel.transforms.summary.SummaryKey;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * {@link LabelItems} for an incremental build: reads an earlier output, carries over the labels it already holds
 * ({@link CarryOver}), labels only the rest, and gives both as one collection of output rows. Its run counts are
 * the carry-over counts, {@code previous/read} (rows read from the earlier output), and the label counts — with
 * calls, tokens and cost only for the items labeled in this run ({@link LabelCounts#outcomesOnly()} for the
 * carried-over rows, whose answers an earlier run paid for).
 */
public final class LabelIncrementally extends PTransform<PCollection<Item>, RunCounts.Counted<LabeledItem>> {
    private static final long serialVersionUID = 1L;

    private final LabelingSpec spec;
    private final String previousDir;
    private final int buckets;

    private LabelIncrementally(LabelingSpec spec, String previousDir, int buckets) {
        this.spec = spec;
        this.previousDir = previousDir;
        this.buckets = buckets;
    }

    /** Labels with {@code spec}, carrying labels over from the labelpanel output folder {@code previousDir}. */
    public static LabelIncrementally with(LabelingSpec spec, String previousDir) {
        check(spec != null, "the labeling spec must not be null");
        check(previousDir != null && !previousDir.isBlank(), "the previous output folder must be set");
        return new LabelIncrementally(spec, previousDir, DedupItems.DEFAULT_BUCKETS);
    }

    /** How many groups carry-over joins in (default 16). */
    public LabelIncrementally withBuckets(int buckets) {
        check(buckets >= 1 && buckets <= 65536, "buckets must be between 1 and 65536 but was %s", buckets);
        return new LabelIncrementally(spec, previousDir, buckets);
    }

    @Override
    public RunCounts.Counted<LabeledItem> expand(PCollection<Item> items) {
        PCollection<LabeledItem> previous =
                items.getPipeline().apply("ReadPreviousOutput", ReadLabeledItems.fromOutput(previousDir));
        CarryOver.Result split = items.apply(
                "CarryOver",
                CarryOver.from(previous).withConfigHash(spec.configHash()).withBuckets(buckets));
        PCollection<LabeledItem> labeled = split.getToLabel().apply("LabelItems", LabelItems.with(spec));
        PCollection<LabeledItem> rows = PCollectionList.of(split.getCarriedOver())
                .and(labeled)
                .apply("CarriedAndLabeled", Flatten.pCollections())
                .setCoder(RecordCoder.of(LabeledItem.class));
        PCollection<KV<String, Long>> counts = PCollectionList.of(split.getCounts())
                .and(previous.apply(
                        "CountPreviousRows", RunCounts.countEach((LabeledItem r) -> SummaryKey.previousRead())))
                .and(labeled.apply("CountLabels", LabelCounts.create()))
                .and(split.getCarriedOver().apply("CountCarriedLabels", LabelCounts.outcomesOnly()))
                .apply("AllCounts", Flatten.pCollections())
                .setCoder(RunCounts.coder());
        return RunCounts.Counted.of(rows, counts);
    }
}
