package dev.labelpanel.transforms.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.schemas.Dialogue;
import dev.labelpanel.schemas.Item;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.simulator.LabelerSimulator;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import dev.labelpanel.transforms.Fixtures;
import dev.labelpanel.transforms.aggregate.Aggregation;
import dev.labelpanel.transforms.coders.RecordCoder;
import dev.labelpanel.transforms.extract.ExtractItems;
import dev.labelpanel.transforms.llm.EndpointLabelerSpec;
import dev.labelpanel.transforms.llm.LabelerSpec;
import dev.labelpanel.transforms.llm.LlmEndpoint;
import dev.labelpanel.transforms.llm.cache.CacheMode;
import dev.labelpanel.transforms.prompt.LabelSet;
import dev.labelpanel.transforms.prompt.PromptBook;
import dev.labelpanel.transforms.prompt.Prompts;
import dev.labelpanel.transforms.vote.PanelMode;
import dev.labelpanel.transforms.vote.VoteRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code aggregation: dawid-skene} on windowed input (watch mode): the model is fitted per window, to that window's
 * panel votes (a side input per window), and every item of each window comes out labeled from it. Against the
 * simulator with configs/simulator/panel-skewed.yaml at zero latency (SIMULATION).
 */
@ExtendWith(TestPipelineExtension.class)
class DawidSkenePerWindowTest {
    private static final Duration WINDOW = Duration.standardMinutes(1);
    private static final IntervalWindow FIRST = new IntervalWindow(new Instant(0), WINDOW);
    private static final IntervalWindow SECOND = new IntervalWindow(new Instant(60_000), WINDOW);
    private static final int DIALOGUES_PER_WINDOW = 20;
    private static final Set<String> SOURCES = Set.of(ItemLabeler.DAWID_SKENE, "filled");

    private TestPipeline p;
    private LabelerSimulator simulator;

    @BeforeEach
    void start(TestPipeline pipeline) {
        p = pipeline;
        simulator = LabelerSimulator.builder(SimulatorProfile.load(Path.of("../configs/simulator/panel-skewed.yaml")))
                .latencyScale(0)
                .start();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void eachWindowIsLabeledByTheModelOfItsOwnVotes() {
        TestStream<Dialogue> arrivals = dialogues(
                        dialogues(TestStream.create(AvroCoder.of(Dialogue.class)), "a", 1_000)
                                .advanceWatermarkTo(new Instant(60_000)),
                        "b",
                        61_000)
                .advanceWatermarkToInfinity();

        PCollection<LabeledItem> labeled = p.apply(arrivals)
                .apply(Window.into(FixedWindows.of(WINDOW)))
                .apply(ExtractItems.create())
                .getOutput()
                .apply(MapElements.into(TypeDescriptor.of(Item.class)).via(DawidSkenePerWindowTest::inTrain))
                .setCoder(RecordCoder.of(Item.class))
                .apply(LabelItems.with(spec()));

        // Each dialogue is two utterances and one pair; all of a window's items are labeled in that window.
        PAssert.that(labeled).inWindow(FIRST).satisfies(DawidSkenePerWindowTest::labeledByDawidSkene);
        PAssert.that(labeled).inWindow(SECOND).satisfies(DawidSkenePerWindowTest::labeledByDawidSkene);
        p.run().waitUntilFinish();
    }

    private static Void labeledByDawidSkene(Iterable<LabeledItem> rows) {
        int n = 0;
        int byModel = 0;
        for (LabeledItem row : rows) {
            n++;
            // Every item has the window model's posterior; it is labeled by it or by the filler (which may refuse).
            assertEquals(2, row.getLabelProbs().size(), row.getItemId());
            if (row.getLabel() == null) {
                assertNotNull(row.getUnlabeledReason(), row.getItemId());
            } else {
                assertTrue(SOURCES.contains(row.getLabelSource()), row.getItemId() + ": " + row.getLabelSource());
                byModel += ItemLabeler.DAWID_SKENE.equals(row.getLabelSource()) ? 1 : 0;
            }
        }
        assertEquals(3 * DIALOGUES_PER_WINDOW, n);
        assertTrue(byModel > DIALOGUES_PER_WINDOW, "labeled by the model: " + byModel + " of " + n);
        return null;
    }

    /** Adds {@link #DIALOGUES_PER_WINDOW} dialogues from {@code at} on, every fifth with a word of the lexicon. */
    private static TestStream.Builder<Dialogue> dialogues(TestStream.Builder<Dialogue> stream, String prefix, long at) {
        for (int i = 0; i < DIALOGUES_PER_WINDOW; i++) {
            String user = i % 5 == 0 ? "send me something sexy, " + prefix + i : "how was your day, " + prefix + i;
            stream = stream.addElements(TimestampedValue.of(
                    Fixtures.dialogue(prefix + i, "user", user, "bot", "Reply number " + i + " from " + prefix),
                    new Instant(at + i)));
        }
        return stream;
    }

    private static Item inTrain(Item item) {
        return Item.newBuilder(item).setSplit("train").build();
    }

    private LabelingSpec spec() {
        List<LabelerSpec> panel = new ArrayList<>();
        for (String model : List.of("sim-llama-7b", "sim-mistral-7b", "sim-qwen-7b", "sim-vicuna-7b")) {
            panel.add(labeler(model));
        }
        return new LabelingSpec(
                PromptBook.of(LabelSet.defaults(), Prompts.defaults()),
                VoteRule.panelMajority(),
                Aggregation.of(Aggregation.Method.DAWID_SKENE, Aggregation.DEFAULT_FILL_BELOW),
                panel,
                labeler("sim-filler-large"),
                labeler("sim-calibrator-best"),
                "per-window-test",
                64,
                PanelMode.FULL,
                List.of());
    }

    private LabelerSpec labeler(String model) {
        return new EndpointLabelerSpec(
                LlmEndpoint.builder(model, simulator.baseUrl(), model).build(), 64, 512, null, CacheMode.OFF, model);
    }
}
