package dev.labelpanel.transforms.dedup;

import com.google.auto.value.AutoValue;
import dev.labelpanel.schemas.Item;
import dev.labelpanel.transforms.split.ItemKeys;
import dev.labelpanel.transforms.summary.RunCounts;
import java.util.Comparator;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Keeps one item per granularity and normalized content (NFC, whitespace collapsed, optionally case-folded)
 * over the whole input, and sets each item's {@code dedup_key}. Which duplicate is kept doesn't depend on the
 * runner: the smallest by item id, then source file, record number and turn index. Emits the run count
 * {@code items/<granularity>/duplicates} (items dropped as duplicates).
 */
@AutoValue
public abstract class DedupItems extends PTransform<PCollection<Item>, RunCounts.Counted<Item>> {
  private static final long serialVersionUID = 1L;

  abstract boolean caseFold();

  abstract Builder toBuilder();

  public static DedupItems create() {
    return new AutoValue_DedupItems.Builder().setCaseFold(false).build();
  }

  /** When true, texts that differ only in letter case are duplicates (default false). */
  public DedupItems withCaseFold(boolean caseFold) {
    return toBuilder().setCaseFold(caseFold).build();
  }

  @Override
  public RunCounts.Counted<Item> expand(PCollection<Item> items) {
    TupleTag<Item> keptTag = new TupleTag<>("kept");
    TupleTag<KV<String, Long>> countTag = new TupleTag<>("counts");
    PCollectionTuple deduped =
        items
            .apply("KeyByContent", ParDo.of(new KeyByContentFn(caseFold())))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), AvroCoder.of(Item.class)))
            .apply("GroupDuplicates", GroupByKey.create())
            .apply(
                "KeepOne",
                ParDo.of(new KeepOneFn(keptTag, countTag)).withOutputTags(keptTag, TupleTagList.of(countTag)));
    return RunCounts.Counted.of(
        deduped.get(keptTag).setCoder(AvroCoder.of(Item.class)),
        deduped.get(countTag).setCoder(RunCounts.coder()));
  }

  static final class KeyByContentFn extends DoFn<Item, KV<String, Item>> {
    private final boolean caseFold;

    KeyByContentFn(boolean caseFold) {
      this.caseFold = caseFold;
    }

    @ProcessElement
    public void process(@Element Item item, OutputReceiver<KV<String, Item>> out) {
      String key = ItemKeys.dedupKey(item.getGranularity(), item.getText(), item.getContext(), caseFold);
      Item keyed = Item.newBuilder(item).setDedupKey(key).build();
      out.output(KV.of(item.getGranularity() + "/" + key, keyed));
    }
  }

  static final class KeepOneFn extends DoFn<KV<String, Iterable<Item>>, Item> {
    private static final Comparator<Item> KEEP_ORDER =
        Comparator.comparing(Item::getItemId)
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
    public void process(@Element KV<String, Iterable<Item>> group, MultiOutputReceiver out) {
      Item kept = null;
      long seen = 0;
      for (Item item : group.getValue()) {
        seen++;
        if (kept == null || KEEP_ORDER.compare(item, kept) < 0) {
          kept = item;
        }
      }
      out.get(keptTag).output(kept);
      if (seen > 1) {
        duplicates.inc(seen - 1);
        out.get(countTag).output(KV.of("items/" + kept.getGranularity() + "/duplicates", seen - 1));
      }
    }
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setCaseFold(boolean caseFold);

    abstract DedupItems build();
  }
}
