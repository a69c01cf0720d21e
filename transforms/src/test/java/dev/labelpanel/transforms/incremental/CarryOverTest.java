package dev.labelpanel.transforms.incremental;

import dev.labelpanel.schemas.Calibration;
import dev.labelpanel.schemas.Item;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.PipelineTest;
import dev.labelpanel.transforms.coders.RecordCoder;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.splits.Split;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class CarryOverTest extends PipelineTest {
    private static final String HASH = "cafe0000cafe0000";

    static Item item(String id, String split, String sourceFile) {
        return Item.newBuilder()
                .setItemId(id)
                .setDialogueId("d-" + id)
                .setGranularity("utterance")
                .setRole("user")
                .setText("text of " + id)
                .setTurnIndex(0)
                .setSourceFile(sourceFile)
                .setRecordNumber(7)
                .setDedupKey("k" + id)
                .setSplit(split)
                .build();
    }

    static LabeledItem labeled(String id, String split, String label, String configHash) {
        Vote vote = Vote.newBuilder()
                .setLabeler("llama")
                .setModel("m")
                .setLabel(label)
                .setRawAnswer(label)
                .setPromptTokens(50)
                .setCompletionTokens(2)
                .setAttempts(1)
                .build();
        LabeledItem.Builder row = LabeledItem.newBuilder()
                .setItemId(id)
                .setDialogueId("d-" + id)
                .setGranularity("utterance")
                .setSplit(split)
                .setRole("user")
                .setText("text of " + id)
                .setTurnIndex(0)
                .setSourceFile("/in/day1.jsonl")
                .setRecordNumber(7)
                .setLabel(label)
                .setLabelId(label == null ? null : 0)
                .setLabelSource(label == null ? null : "majority")
                .setStage1Label(label)
                .setVotes(List.of(vote))
                .setAgreement(label == null ? null : 1.0)
                .setUnlabeledReason(label == null ? "no panel majority" : null)
                .setConfigHash(configHash);
        if (!split.equals("train") && label != null) {
            row.setCalibration(Calibration.newBuilder()
                    .setCalibrator("judge")
                    .setFirstAnswer(vote)
                    .setChanged(false)
                    .build());
        }
        return row.build();
    }

    private PCollection<Item> items(Item... items) {
        return p.apply("Current", Create.of(List.of(items)).withCoder(RecordCoder.of(Item.class)));
    }

    private PCollection<LabeledItem> previous(LabeledItem... rows) {
        return p.apply("Previous", Create.of(List.of(rows)).withCoder(RecordCoder.of(LabeledItem.class)));
    }

    private static PCollection<String> ids(PCollection<Item> items) {
        return items.apply("Ids", MapElements.into(TypeDescriptors.strings()).via(Item::getItemId));
    }

    @Test
    void carriesOverOnlyLabelsOfTheSameItemConfigAndSplit() {
        LabeledItem a = labeled("a", "train", "SFW", HASH);
        LabeledItem test = labeled("t", "test", "NSFW", HASH);
        CarryOver.Result result = items(
                        item("a", "train", "/in/day1.jsonl"),
                        item("t", "test", "/in/day1.jsonl"),
                        item("u", "train", "/in/day1.jsonl"),
                        item("c", "train", "/in/day1.jsonl"),
                        item("s", "validation", "/in/day1.jsonl"),
                        item("n", "train", "/in/day2.jsonl"))
                .apply(CarryOver.from(previous(
                                a,
                                test,
                                labeled("u", "train", null, HASH),
                                labeled("c", "train", "SFW", "0ther0ther0ther0"),
                                labeled("s", "train", "SFW", HASH),
                                labeled("gone", "train", "NSFW", HASH)))
                        .withConfigHash(HASH)
                        .withBuckets(3));
        PAssert.that(result.getCarriedOver()).containsInAnyOrder(a, test);
        PAssert.that(ids(result.getToLabel())).containsInAnyOrder("u", "c", "s", "n");
        PAssert.that(result.getCounts().apply(Sum.longsPerKey()))
                .containsInAnyOrder(
                        SummaryKey.itemsCarriedOver(Granularity.UTTERANCE, Split.TRAIN)
                                .count(1),
                        SummaryKey.itemsCarriedOver(Granularity.UTTERANCE, Split.TEST)
                                .count(1),
                        SummaryKey.itemsLabeledThisRun(Granularity.UTTERANCE, Split.TRAIN)
                                .count(3),
                        SummaryKey.itemsLabeledThisRun(Granularity.UTTERANCE, Split.VALIDATION)
                                .count(1),
                        SummaryKey.previousCarriedOver().count(2),
                        SummaryKey.previousRelabeled(SummaryKey.Relabeled.UNLABELED)
                                .count(1),
                        SummaryKey.previousRelabeled(SummaryKey.Relabeled.CONFIG_CHANGED)
                                .count(1),
                        SummaryKey.previousRelabeled(SummaryKey.Relabeled.SPLIT_CHANGED)
                                .count(1),
                        SummaryKey.previousNotInInput().count(1));
        p.run();
    }

    @Test
    void aCarriedRowTakesTheItemAsReadNowAndTheLabelFromBefore() {
        LabeledItem before = labeled("a", "validation", "NSFW", HASH);
        Item now = Item.newBuilder(item("a", "validation", "/in/day2.jsonl"))
                .setRecordNumber(3)
                .setText("TEXT of  a")
                .build();
        CarryOver.Result result =
                items(now).apply(CarryOver.from(previous(before)).withConfigHash(HASH));
        LabeledItem expected = LabeledItem.newBuilder(before)
                .setSourceFile("/in/day2.jsonl")
                .setRecordNumber(3L)
                .setText("TEXT of  a")
                .build();
        PAssert.that(result.getCarriedOver()).containsInAnyOrder(expected);
        PAssert.that(result.getToLabel()).empty();
        p.run();
    }

    @Test
    void withNoPreviousRowsEveryItemIsLabeledAndNothingIsCarried() {
        List<Item> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(item("id" + i, "train", "/in/day1.jsonl"));
        }
        CarryOver.Result result = items(many.toArray(Item[]::new))
                .apply(CarryOver.from(previous()).withConfigHash(HASH).withBuckets(4));
        PAssert.that(result.getCarriedOver()).empty();
        PAssert.that(ids(result.getToLabel()))
                .containsInAnyOrder(many.stream().map(Item::getItemId).toList());
        PAssert.that(result.getCounts().apply(Sum.longsPerKey()))
                .containsInAnyOrder(SummaryKey.itemsLabeledThisRun(Granularity.UTTERANCE, Split.TRAIN)
                        .count(40));
        p.run();
    }
}
