package dev.labelpanel.transforms.extract;

import com.google.auto.value.AutoValue;
import dev.labelpanel.schemas.Dialogue;
import dev.labelpanel.schemas.Item;
import dev.labelpanel.transforms.Arguments;
import dev.labelpanel.transforms.coders.RecordCoder;
import dev.labelpanel.transforms.summary.RunCounts;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.util.EnumSet;
import java.util.Set;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Extracts the items to label from dialogues (see {@link ItemExtractor}). Besides the items it emits run counts:
 * {@code items/<granularity>/emitted}, {@code turns/system_skipped}, {@code turns/merged},
 * {@code turns/bot_without_user_turn}.
 */
@AutoValue
public abstract class ExtractItems extends PTransform<PCollection<Dialogue>, RunCounts.Counted<Item>> {
    private static final long serialVersionUID = 1L;

    abstract int contextTurns();

    abstract Set<Granularity> granularities();

    abstract Builder toBuilder();

    /** Both granularities, the one user turn before a bot reply as context. */
    public static ExtractItems create() {
        return new AutoValue_ExtractItems.Builder()
                .setContextTurns(ItemExtractor.DEFAULT_CONTEXT_TURNS)
                .setGranularities(EnumSet.allOf(Granularity.class))
                .build();
    }

    /** How many turns before a bot reply make its context (default 1: the user turn). */
    public ExtractItems withContextTurns(int contextTurns) {
        Arguments.check(
                contextTurns >= 1 && contextTurns <= 64,
                "items.context_turns must be between 1 and 64 but was %s",
                contextTurns);
        return toBuilder().setContextTurns(contextTurns).build();
    }

    /** Which kinds of item to make (default both). */
    public ExtractItems withGranularities(Set<Granularity> granularities) {
        Arguments.check(!granularities.isEmpty(), "at least one granularity (utterance, context) is needed");
        return toBuilder().setGranularities(EnumSet.copyOf(granularities)).build();
    }

    @Override
    public RunCounts.Counted<Item> expand(PCollection<Dialogue> dialogues) {
        TupleTag<Item> itemTag = new TupleTag<>("items");
        TupleTag<KV<String, Long>> countTag = new TupleTag<>("counts");
        PCollectionTuple split = dialogues.apply(
                "SplitIntoItems",
                ParDo.of(new SplitFn(new ItemExtractor(contextTurns(), granularities()), itemTag, countTag))
                        .withOutputTags(itemTag, TupleTagList.of(countTag)));
        return RunCounts.Counted.of(
                split.get(itemTag).setCoder(RecordCoder.of(Item.class)),
                split.get(countTag).setCoder(RunCounts.coder()));
    }

    static final class SplitFn extends DoFn<Dialogue, Item> {
        private final ItemExtractor splitter;
        private final TupleTag<Item> itemTag;
        private final TupleTag<KV<String, Long>> countTag;
        private final Counter items = Metrics.counter(ExtractItems.class, "itemsEmitted");

        SplitFn(ItemExtractor splitter, TupleTag<Item> itemTag, TupleTag<KV<String, Long>> countTag) {
            this.splitter = splitter;
            this.itemTag = itemTag;
            this.countTag = countTag;
        }

        @ProcessElement
        public void process(@Element Dialogue dialogue, MultiOutputReceiver out) {
            ItemExtractor.Outcome outcome = splitter.split(dialogue);
            long utterances = 0;
            for (Item item : outcome.items()) {
                out.get(itemTag).output(item);
                if (Granularity.UTTERANCE.wireName().equals(item.getGranularity())) {
                    utterances++;
                }
            }
            emit(out, SummaryKey.itemsEmitted(Granularity.UTTERANCE), utterances);
            emit(
                    out,
                    SummaryKey.itemsEmitted(Granularity.CONTEXT),
                    outcome.items().size() - utterances);
            items.inc(outcome.items().size());
            emit(out, SummaryKey.turnsSystemSkipped(), outcome.systemTurnsSkipped());
            emit(out, SummaryKey.turnsMerged(), outcome.turnsMerged());
            emit(out, SummaryKey.turnsBotWithoutUserTurn(), outcome.botTurnsWithoutUserTurn());
        }

        private void emit(MultiOutputReceiver out, SummaryKey key, long n) {
            if (n > 0) {
                out.get(countTag).output(key.count(n));
            }
        }
    }

    @AutoValue.Builder
    abstract static class Builder {
        abstract Builder setContextTurns(int contextTurns);

        abstract Builder setGranularities(Set<Granularity> granularities);

        abstract ExtractItems build();
    }
}
