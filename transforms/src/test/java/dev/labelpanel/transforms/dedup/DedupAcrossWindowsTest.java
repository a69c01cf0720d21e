package dev.labelpanel.transforms.dedup;

import dev.labelpanel.schemas.Dialogue;
import dev.labelpanel.schemas.Item;
import dev.labelpanel.transforms.Fixtures;
import dev.labelpanel.transforms.PipelineTest;
import dev.labelpanel.transforms.extract.ExtractItems;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.summary.RunCounts;
import dev.labelpanel.transforms.summary.SummaryKey;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Watch mode's dedup: within each window as in a batch run, then against earlier windows, each duplicate counted
 * in the window it came in (so every window's items emitted = written + duplicates).
 */
class DedupAcrossWindowsTest extends PipelineTest {
    private static final Duration WINDOW = Duration.standardSeconds(10);
    private static final IntervalWindow FIRST = new IntervalWindow(new Instant(0), WINDOW);
    private static final IntervalWindow SECOND = new IntervalWindow(new Instant(10_000), WINDOW);

    @Test
    void anItemSeenInAnEarlierWindowIsADuplicateInItsOwnWindow() {
        TestStream<Dialogue> arrivals = TestStream.create(AvroCoder.of(Dialogue.class))
                .addElements(
                        TimestampedValue.of(Fixtures.dialogue("d1", "user", "Hi", "bot", "Hello!"), new Instant(1_000)))
                .advanceWatermarkTo(new Instant(10_000))
                .addElements(
                        // "  Hi " is "Hi" again (an earlier window's), "See you" is new, and d3 repeats d2 in its
                        // window.
                        TimestampedValue.of(
                                Fixtures.dialogue("d2", "user", "  Hi ", "bot", "See you"), new Instant(12_000)),
                        TimestampedValue.of(
                                Fixtures.dialogue("d3", "user", "  Hi ", "bot", "See you"), new Instant(13_000)))
                .advanceWatermarkToInfinity();

        RunCounts.Counted<Item> unique = p.apply(arrivals)
                .apply(Window.into(FixedWindows.of(WINDOW)))
                .apply(ExtractItems.create())
                .getOutput()
                .apply(DedupItems.create());

        PCollection<String> kept = unique.getOutput()
                .apply(MapElements.into(TypeDescriptors.strings()).via(Fixtures::describe));
        PAssert.that(kept)
                .inWindow(FIRST)
                .containsInAnyOrder(
                        "utterance user:Hi (turn 0 of d1)",
                        "utterance bot:Hello! (turn 1 of d1)",
                        "context bot:Hello! <- user:Hi (turn 1 of d1)");
        PAssert.that(kept)
                .inWindow(SECOND)
                .containsInAnyOrder(
                        "utterance bot:See you (turn 1 of d2)", "context bot:See you <- user:  Hi  (turn 1 of d2)");
        PCollection<KV<String, Long>> duplicates = unique.getCounts().apply(Sum.longsPerKey());
        PAssert.that(duplicates).inWindow(FIRST).empty();
        PAssert.that(duplicates)
                .inWindow(SECOND)
                .containsInAnyOrder(
                        SummaryKey.itemsDuplicates(Granularity.UTTERANCE).count(3),
                        SummaryKey.itemsDuplicates(Granularity.CONTEXT).count(1));
        p.run();
    }
}
