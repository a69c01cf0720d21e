package dev.labelpanel.transforms.extract;

import dev.labelpanel.schemas.Dialogue;
import dev.labelpanel.schemas.Item;
import dev.labelpanel.transforms.Fixtures;
import dev.labelpanel.transforms.PipelineTest;
import dev.labelpanel.transforms.dedup.DedupItems;
import dev.labelpanel.transforms.splits.AssignSplits;
import dev.labelpanel.transforms.splits.SplitAssigner;
import dev.labelpanel.transforms.splits.SplitRatios;
import dev.labelpanel.transforms.summary.RunCounts;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class ExtractDedupAssignTest extends PipelineTest {
    private static final List<Dialogue> DIALOGUES = List.of(
            Fixtures.dialogue("d1", "system", "rules", "user", "Hi", "bot", "Hello!", "user", "bye"),
            Fixtures.dialogue("d2", "user", "hi", "bot", "Hello!"),
            Fixtures.dialogue("d3", "user", "  Hi ", "bot", "Hello!", "bot", "again"));

    /** The items of {@link #DIALOGUES}, described: the system turn is skipped, d3's two bot turns are merged. */
    private static final List<String> ITEMS = List.of(
            "utterance user:Hi (turn 1 of d1)",
            "utterance bot:Hello! (turn 2 of d1)",
            "context bot:Hello! <- user:Hi (turn 2 of d1)",
            "utterance user:bye (turn 3 of d1)",
            "utterance user:hi (turn 0 of d2)",
            "utterance bot:Hello! (turn 1 of d2)",
            "context bot:Hello! <- user:hi (turn 1 of d2)",
            "utterance user:  Hi  (turn 0 of d3)",
            "utterance bot:Hello!\nagain (turn 1 of d3)",
            "context bot:Hello!\nagain <- user:  Hi  (turn 1 of d3)");

    /** The utterances dedup drops: d2's "Hello!" repeats d1's, and d3's "  Hi " is d1's "Hi" normalized. */
    private static final Set<String> DUPLICATES =
            Set.of("utterance bot:Hello! (turn 1 of d2)", "utterance user:  Hi  (turn 0 of d3)");

    private PCollection<Dialogue> dialogues() {
        return p.apply(Create.of(DIALOGUES).withCoder(AvroCoder.of(Dialogue.class)));
    }

    private static PCollection<String> described(PCollection<Item> items) {
        return items.apply(
                "Describe", MapElements.into(TypeDescriptors.strings()).via(Fixtures::describe));
    }

    @Test
    void splitsEveryDialogueAndCountsWhatItSkipped() {
        RunCounts.Counted<Item> split = dialogues().apply(ExtractItems.create());
        PAssert.that(described(split.getOutput())).containsInAnyOrder(ITEMS);
        PAssert.that(split.getCounts().apply(Sum.longsPerKey()))
                .containsInAnyOrder(
                        SummaryKey.itemsEmitted(Granularity.UTTERANCE).count(7),
                        SummaryKey.itemsEmitted(Granularity.CONTEXT).count(3),
                        SummaryKey.turnsSystemSkipped().count(1),
                        SummaryKey.turnsMerged().count(1));
        p.run();
    }

    @Test
    void dedupKeepsOneOfEachNormalizedTextPerGranularity() {
        RunCounts.Counted<Item> unique =
                dialogues().apply(ExtractItems.create()).getOutput().apply(DedupItems.create());
        // "Hi" and "  Hi " normalize alike (d1 is kept: same id, smaller source file); "hi" differs in case.
        List<String> kept =
                ITEMS.stream().filter(item -> !DUPLICATES.contains(item)).collect(Collectors.toList());
        PAssert.that(described(unique.getOutput())).containsInAnyOrder(kept);
        PAssert.that(unique.getCounts().apply(Sum.longsPerKey()))
                .containsInAnyOrder(
                        SummaryKey.itemsDuplicates(Granularity.UTTERANCE).count(2));
        p.run();
    }

    @Test
    void caseFoldingMakesCaseVariantsDuplicates() {
        RunCounts.Counted<Item> unique = dialogues()
                .apply(ExtractItems.create())
                .getOutput()
                .apply(DedupItems.create().withCaseFold(true));
        PAssert.that(unique.getCounts().apply(Sum.longsPerKey()))
                .containsInAnyOrder(
                        SummaryKey.itemsDuplicates(Granularity.UTTERANCE).count(3),
                        SummaryKey.itemsDuplicates(Granularity.CONTEXT).count(1));
        p.run();
    }

    @Test
    void everyItemGetsTheSplitItsDedupKeyHashesTo() {
        SplitRatios ratios = new SplitRatios(0.5, 0.25, 0.25);
        SplitAssigner expected = new SplitAssigner(ratios, 99);
        PCollection<Item> assigned = dialogues()
                .apply(ExtractItems.create())
                .getOutput()
                .apply(DedupItems.create())
                .getOutput()
                .apply(AssignSplits.create().withRatios(ratios).withSeed(99));
        PAssert.that(assigned).satisfies(items -> {
            int n = 0;
            for (Item item : items) {
                n++;
                org.junit.jupiter.api.Assertions.assertEquals(
                        expected.splitOf(item.getDedupKey()), item.getSplit(), item.getText());
            }
            org.junit.jupiter.api.Assertions.assertEquals(8, n);
            return null;
        });
        p.run();
    }
}
