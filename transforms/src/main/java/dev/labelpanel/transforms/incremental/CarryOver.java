package dev.labelpanel.transforms.incremental;

import static dev.labelpanel.transforms.Arguments.check;

import dev.labelpanel.schemas.Item;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.transforms.StageResult;
import dev.labelpanel.transforms.coders.RecordCoder;
import dev.labelpanel.transforms.dedup.DedupItems;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.splits.Split;
import dev.labelpanel.transforms.summary.RunCounts;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Splits items with their splits assigned into those whose label an earlier output already holds (carried over
 * as rows, no LLM call) and those still to label, by the rule of {@link PreviousLabels}. Previous rows no current
 * item matches are not carried into the new output: the dataset follows the current input.
 *
 * <pre>{@code
 * PCollection<LabeledItem> previous = p.apply("ReadPreviousOutput", ReadLabeledItems.fromOutput("out/yesterday"));
 * CarryOver.Result split = assigned.apply("CarryOver", CarryOver.from(previous).withConfigHash(hash));
 * PCollection<LabeledItem> labeled = split.getToLabel().apply("LabelItems", LabelItems.with(spec));
 * }</pre>
 *
 * <p>Run counts: {@code items/<granularity>/carried_over/<split>} and {@code items/<granularity>/labeled_this_run/<split>}
 * per current item; {@code previous/carried_over}, {@code previous/relabeled/<unlabeled|config_changed|split_changed>},
 * {@code previous/not_in_input} and {@code previous/duplicates} per previous row, so that every previous row read
 * is accounted for exactly once.
 *
 * <p>Both sides are grouped into a few buckets by item id and joined in memory per bucket, not grouped by the
 * id itself, for the reason {@link DedupItems} gives (the Direct runner's cost per key). A bucket holds 1/buckets
 * of the previous rows in memory.
 *
 * <p>Not an AutoValue, unlike most transforms here: it holds the previous rows' {@link PCollection}, which is not
 * serializable (as Beam's {@code Wait.OnSignal} holds its signals).
 */
public final class CarryOver extends PTransform<PCollection<Item>, CarryOver.Result> {
    private static final long serialVersionUID = 1L;

    private final transient PCollection<LabeledItem> previous;
    private final String configHash;
    private final int buckets;

    private CarryOver(PCollection<LabeledItem> previous, String configHash, int buckets) {
        this.previous = previous;
        this.configHash = configHash;
        this.buckets = buckets;
    }

    /** Carries labels over from {@code previous}, the rows of an earlier output. */
    public static CarryOver from(PCollection<LabeledItem> previous) {
        check(previous != null, "the previous rows must not be null");
        return new CarryOver(previous, null, DedupItems.DEFAULT_BUCKETS);
    }

    /** The current run's config hash (required): only labels decided under it are carried over. */
    public CarryOver withConfigHash(String configHash) {
        check(configHash != null && !configHash.isBlank(), "the config hash must be set but was '%s'", configHash);
        return new CarryOver(previous, configHash, buckets);
    }

    /** How many groups the join runs in (default 16); each holds its share of the previous rows in memory. */
    public CarryOver withBuckets(int buckets) {
        check(buckets >= 1 && buckets <= 65536, "buckets must be between 1 and 65536 but was %s", buckets);
        return new CarryOver(previous, configHash, buckets);
    }

    @Override
    public Result expand(PCollection<Item> items) {
        check(configHash != null, "CarryOver needs the current config hash: call withConfigHash");
        TupleTag<Item> currentTag = new TupleTag<>("current");
        TupleTag<LabeledItem> previousTag = new TupleTag<>("previous");
        TupleTag<LabeledItem> carriedTag = new TupleTag<>("carriedOver");
        TupleTag<Item> toLabelTag = new TupleTag<>("toLabel");
        TupleTag<KV<String, Long>> countTag = new TupleTag<>("counts");
        int n = buckets;
        PCollection<KV<Integer, Item>> current = items.apply(
                        "BucketCurrentItems", WithKeys.of((Item item) -> bucketOf(item.getItemId(), n)))
                .setCoder(KvCoder.of(VarIntCoder.of(), RecordCoder.of(Item.class)));
        PCollection<KV<Integer, LabeledItem>> earlier = previous.apply(
                        "BucketPreviousRows", WithKeys.of((LabeledItem row) -> bucketOf(row.getItemId(), n)))
                .setCoder(KvCoder.of(VarIntCoder.of(), RecordCoder.of(LabeledItem.class)));
        PCollectionTuple matched = KeyedPCollectionTuple.of(currentTag, current)
                .and(previousTag, earlier)
                .apply("GroupByBucket", CoGroupByKey.create())
                .apply(
                        "MatchPreviousLabels",
                        ParDo.of(new MatchFn(configHash, currentTag, previousTag, carriedTag, toLabelTag, countTag))
                                .withOutputTags(
                                        carriedTag, TupleTagList.of(toLabelTag).and(countTag)));
        return new Result(
                items.getPipeline(),
                matched.get(carriedTag).setCoder(RecordCoder.of(LabeledItem.class)),
                matched.get(toLabelTag).setCoder(RecordCoder.of(Item.class)),
                matched.get(countTag).setCoder(RunCounts.coder()));
    }

    /** The bucket of an item id: the same for an item and its previous row on every runner and JVM. */
    static int bucketOf(String itemId, int buckets) {
        return Math.floorMod(itemId.hashCode(), buckets);
    }

    static final class MatchFn extends DoFn<KV<Integer, CoGbkResult>, LabeledItem> {
        private final String configHash;
        private final TupleTag<Item> currentTag;
        private final TupleTag<LabeledItem> previousTag;
        private final TupleTag<LabeledItem> carriedTag;
        private final TupleTag<Item> toLabelTag;
        private final TupleTag<KV<String, Long>> countTag;
        private final Counter carriedOver = Metrics.counter(CarryOver.class, "itemsCarriedOver");
        private final Counter toLabel = Metrics.counter(CarryOver.class, "itemsToLabel");

        MatchFn(
                String configHash,
                TupleTag<Item> currentTag,
                TupleTag<LabeledItem> previousTag,
                TupleTag<LabeledItem> carriedTag,
                TupleTag<Item> toLabelTag,
                TupleTag<KV<String, Long>> countTag) {
            this.configHash = configHash;
            this.currentTag = currentTag;
            this.previousTag = previousTag;
            this.carriedTag = carriedTag;
            this.toLabelTag = toLabelTag;
            this.countTag = countTag;
        }

        @ProcessElement
        public void process(@Element KV<Integer, CoGbkResult> bucket, MultiOutputReceiver out) {
            PreviousLabels labels = new PreviousLabels(configHash);
            bucket.getValue().getAll(previousTag).forEach(labels::add);
            Map<SummaryKey, Long> counts = new LinkedHashMap<>();
            for (Item item : bucket.getValue().getAll(currentTag)) {
                PreviousLabels.Match match = labels.match(item);
                Granularity g = Granularity.parse(item.getGranularity());
                Split split = Split.parse(item.getSplit());
                if (match.outcome() == PreviousLabels.Outcome.CARRIED_OVER) {
                    out.get(carriedTag).output(match.carried());
                    carriedOver.inc();
                    counts.merge(SummaryKey.itemsCarriedOver(g, split), 1L, Long::sum);
                } else {
                    out.get(toLabelTag).output(item);
                    toLabel.inc();
                    counts.merge(SummaryKey.itemsLabeledThisRun(g, split), 1L, Long::sum);
                }
                match.outcome().countKey().ifPresent(key -> counts.merge(key, 1L, Long::sum));
            }
            if (labels.notInInput() > 0) {
                counts.put(SummaryKey.previousNotInInput(), labels.notInInput());
            }
            if (labels.duplicates() > 0) {
                counts.put(SummaryKey.previousDuplicates(), labels.duplicates());
            }
            counts.forEach((key, n) -> out.get(countTag).output(key.count(n)));
        }
    }

    /** The carried-over rows, the items still to label, and the run counts. */
    public static final class Result extends StageResult {
        private final PCollection<LabeledItem> carriedOver;
        private final PCollection<Item> toLabel;
        private final PCollection<KV<String, Long>> counts;

        Result(
                Pipeline pipeline,
                PCollection<LabeledItem> carriedOver,
                PCollection<Item> toLabel,
                PCollection<KV<String, Long>> counts) {
            super(pipeline, Map.of("carriedOver", carriedOver, "toLabel", toLabel, "counts", counts));
            this.carriedOver = carriedOver;
            this.toLabel = toLabel;
            this.counts = counts;
        }

        /** Output rows whose label was carried over from the previous output. */
        public PCollection<LabeledItem> getCarriedOver() {
            return carriedOver;
        }

        /** Items to send to the labelers. */
        public PCollection<Item> getToLabel() {
            return toLabel;
        }

        public PCollection<KV<String, Long>> getCounts() {
            return counts;
        }
    }
}
