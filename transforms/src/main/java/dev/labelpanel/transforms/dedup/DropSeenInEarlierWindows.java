package dev.labelpanel.transforms.dedup;

import dev.labelpanel.schemas.Item;
import dev.labelpanel.transforms.coders.RecordCoder;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.summary.RunCounts;
import dev.labelpanel.transforms.summary.SummaryKey;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.SetState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * For windowed items already deduplicated within their window: drops each item whose content came in an earlier
 * window, counting it as a duplicate in its own window, so that windows stay balanced (items emitted = written +
 * duplicates) and no text is written twice in one run. Keeps the dedup keys seen so far in state per hash bucket
 * (the global window's state, which grows with the unique items for as long as the pipeline runs: about 100 bytes
 * each). A window's items are checked when the window closes, so the earlier window keeps the item; two windows
 * closing at the same moment (a drain) may be checked in either order.
 */
final class DropSeenInEarlierWindows extends PTransform<PCollection<Item>, RunCounts.Counted<Item>> {
    private static final long serialVersionUID = 1L;

    private final int buckets;

    DropSeenInEarlierWindows(int buckets) {
        this.buckets = buckets;
    }

    @Override
    @SuppressWarnings("unchecked")
    public RunCounts.Counted<Item> expand(PCollection<Item> items) {
        WindowFn<Object, ?> windowFn =
                (WindowFn<Object, ?>) items.getWindowingStrategy().getWindowFn();
        TupleTag<Item> keptTag = new TupleTag<>("kept");
        TupleTag<KV<String, Long>> countTag = new TupleTag<>("counts");
        int n = buckets;
        PCollectionTuple checked = items.apply(
                        "KeyByBucket", WithKeys.of((Item item) -> DedupItems.bucketOf(item.getDedupKey(), n)))
                .setCoder(KvCoder.of(VarIntCoder.of(), RecordCoder.of(Item.class)))
                .apply("IntoOneWindow", Window.into(new GlobalWindows()))
                .apply(
                        "DropSeen",
                        ParDo.of(new DropSeenFn(keptTag, countTag)).withOutputTags(keptTag, TupleTagList.of(countTag)));
        return RunCounts.Counted.of(
                checked.get(keptTag)
                        .setCoder(RecordCoder.of(Item.class))
                        .apply("BackIntoWindows", Window.into(windowFn)),
                checked.get(countTag)
                        .setCoder(RunCounts.coder())
                        .apply("CountsBackIntoWindows", Window.into(windowFn)));
    }

    static final class DropSeenFn extends DoFn<KV<Integer, Item>, Item> {
        @StateId("seen")
        private final StateSpec<SetState<String>> seenSpec = StateSpecs.set(StringUtf8Coder.of());

        private final TupleTag<Item> keptTag;
        private final TupleTag<KV<String, Long>> countTag;
        private final Counter duplicates = Metrics.counter(DedupItems.class, "duplicates");

        DropSeenFn(TupleTag<Item> keptTag, TupleTag<KV<String, Long>> countTag) {
            this.keptTag = keptTag;
            this.countTag = countTag;
        }

        @ProcessElement
        public void process(
                @Element KV<Integer, Item> keyed, @StateId("seen") SetState<String> seen, MultiOutputReceiver out) {
            Item item = keyed.getValue();
            String key = item.getGranularity() + "/" + item.getDedupKey();
            if (seen.contains(key).read()) {
                duplicates.inc();
                out.get(countTag)
                        .output(SummaryKey.itemsDuplicates(Granularity.parse(item.getGranularity()))
                                .count(1));
                return;
            }
            seen.add(key);
            out.get(keptTag).output(item);
        }
    }
}
