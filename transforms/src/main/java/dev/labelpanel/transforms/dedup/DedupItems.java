package dev.labelpanel.transforms.dedup;

import com.google.auto.value.AutoValue;
import dev.labelpanel.schemas.Item;
import dev.labelpanel.transforms.coders.RecordCoder;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.extract.ItemKeys;
import dev.labelpanel.transforms.summary.RunCounts;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Keeps one item per granularity and normalized content (NFC, whitespace collapsed, optionally case-folded)
 * over the whole input, and sets each item's {@code dedup_key}. Which duplicate is kept doesn't depend on the
 * runner: the smallest by item id, then source file, record number and turn index. Emits the run count
 * {@code items/<granularity>/duplicates} (items dropped as duplicates).
 *
 * <p>Windowed items (watch mode) are deduplicated within their window when it closes, and then against every
 * earlier window of the same pipeline (see {@link DropSeenInEarlierWindows}): a duplicate is counted in the window
 * it came in.
 *
 * <p>Items are grouped into a few buckets by their dedup key and deduplicated in memory per bucket, not grouped
 * by the key itself: the Direct runner evaluates one bundle per key after a GroupByKey at a cost of tens of
 * milliseconds each, which made dedup of the 30,000 CensorChat items take 8 minutes with one key per text and
 * 11 seconds with 16 buckets (BENCHMARKS.md). A bucket holds 1/buckets of the unique items in memory, so on a
 * cluster runner raise {@link #withBuckets} to spread the work (a few per worker core).
 */
@AutoValue
public abstract class DedupItems extends PTransform<PCollection<Item>, RunCounts.Counted<Item>> {
    private static final long serialVersionUID = 1L;

    /** Default number of groups the items are spread over. */
    public static final int DEFAULT_BUCKETS = 16;

    abstract boolean caseFold();

    abstract int buckets();

    abstract Builder toBuilder();

    public static DedupItems create() {
        return new AutoValue_DedupItems.Builder()
                .setCaseFold(false)
                .setBuckets(DEFAULT_BUCKETS)
                .build();
    }

    /** When true, texts that differ only in letter case are duplicates (default false). */
    public DedupItems withCaseFold(boolean caseFold) {
        return toBuilder().setCaseFold(caseFold).build();
    }

    /** How many groups dedup runs in (default 16); each holds its share of the unique items in memory. */
    public DedupItems withBuckets(int buckets) {
        dev.labelpanel.transforms.Arguments.check(
                buckets >= 1 && buckets <= 65536, "dedup.buckets must be between 1 and 65536 but was %s", buckets);
        return toBuilder().setBuckets(buckets).build();
    }

    @Override
    public RunCounts.Counted<Item> expand(PCollection<Item> items) {
        TupleTag<Item> keptTag = new TupleTag<>("kept");
        TupleTag<KV<String, Long>> countTag = new TupleTag<>("counts");
        PCollectionTuple deduped = items.apply("KeyByContent", ParDo.of(new KeyByContentFn(caseFold(), buckets())))
                .setCoder(KvCoder.of(VarIntCoder.of(), RecordCoder.of(Item.class)))
                .apply("GroupDuplicates", GroupByKey.create())
                .apply(
                        "KeepOne",
                        ParDo.of(new KeepOneFn(keptTag, countTag)).withOutputTags(keptTag, TupleTagList.of(countTag)));
        PCollection<Item> kept = deduped.get(keptTag).setCoder(RecordCoder.of(Item.class));
        PCollection<KV<String, Long>> counts = deduped.get(countTag).setCoder(RunCounts.coder());
        if (items.getWindowingStrategy().getWindowFn() instanceof GlobalWindows) {
            return RunCounts.Counted.of(kept, counts);
        }
        RunCounts.Counted<Item> unseen =
                kept.apply("DropSeenInEarlierWindows", new DropSeenInEarlierWindows(buckets()));
        return RunCounts.Counted.of(
                unseen.getOutput(),
                PCollectionList.of(counts)
                        .and(unseen.getCounts())
                        .apply("AllDuplicateCounts", Flatten.pCollections())
                        .setCoder(RunCounts.coder()));
    }

    /** The bucket of a dedup key (a hex hash). */
    static int bucketOf(String dedupKey, int buckets) {
        return Integer.parseInt(dedupKey.substring(0, 6), 16) % buckets;
    }

    static final class KeyByContentFn extends DoFn<Item, KV<Integer, Item>> {
        private final boolean caseFold;
        private final int buckets;

        KeyByContentFn(boolean caseFold, int buckets) {
            this.caseFold = caseFold;
            this.buckets = buckets;
        }

        @ProcessElement
        public void process(@Element Item item, OutputReceiver<KV<Integer, Item>> out) {
            String key = ItemKeys.dedupKey(item.getGranularity(), item.getText(), item.getContext(), caseFold);
            Item keyed = Item.newBuilder(item).setDedupKey(key).build();
            out.output(KV.of(bucketOf(key, buckets), keyed));
        }
    }

    static final class KeepOneFn extends DoFn<KV<Integer, Iterable<Item>>, Item> {
        private static final Comparator<Item> KEEP_ORDER = Comparator.comparing(Item::getItemId)
                .thenComparing(Item::getSourceFile)
                .thenComparingLong(Item::getRecordNumber)
                .thenComparingInt(Item::getTurnIndex)
                .thenComparing(Item::getDialogueId);

        private final TupleTag<Item> keptTag;
        private final TupleTag<KV<String, Long>> countTag;
        private final Counter duplicates = Metrics.counter(DedupItems.class, "duplicates");

        KeepOneFn(TupleTag<Item> keptTag, TupleTag<KV<String, Long>> countTag) {
            this.keptTag = keptTag;
            this.countTag = countTag;
        }

        @ProcessElement
        public void process(@Element KV<Integer, Iterable<Item>> bucket, MultiOutputReceiver out) {
            Map<String, Item> kept = new HashMap<>();
            Map<Granularity, Long> dropped = new TreeMap<>();
            for (Item item : bucket.getValue()) {
                String key = item.getGranularity() + "/" + item.getDedupKey();
                Item previous = kept.get(key);
                if (previous == null) {
                    kept.put(key, item);
                    continue;
                }
                dropped.merge(Granularity.parse(item.getGranularity()), 1L, Long::sum);
                if (KEEP_ORDER.compare(item, previous) < 0) {
                    kept.put(key, item);
                }
            }
            kept.values().forEach(out.get(keptTag)::output);
            dropped.forEach((granularity, n) -> {
                duplicates.inc(n);
                out.get(countTag).output(SummaryKey.itemsDuplicates(granularity).count(n));
            });
        }
    }

    @AutoValue.Builder
    abstract static class Builder {
        abstract Builder setCaseFold(boolean caseFold);

        abstract Builder setBuckets(int buckets);

        abstract DedupItems build();
    }
}
