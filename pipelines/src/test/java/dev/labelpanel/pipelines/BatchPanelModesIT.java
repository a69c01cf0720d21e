package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.simulator.server.BatchStats;
import dev.labelpanel.transforms.summary.CallCount;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aggregation: dawid-skene} and {@code panel_mode: adaptive} with every role (panel, filler, calibrator) in
 * {@code mode: batch}: each decides every item exactly as the same configuration online against the same simulator
 * seed ({@link ItemDecisions}: labels, label_source, stage1_label, every vote, calibration), on the whole sample and
 * every {@value #STRIDE}th record of both CensorChat pools ({@link BatchRuns} has the simulator and batch settings;
 * its models here have no faults, which change no answer but slow online runs down).
 * Dawid-Skene fits its model to the panel votes of the whole run, which in batch mode all come back in batches
 * before the fill and calibration batches go out; the adaptive panel asks in rounds, each round a batch of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchPanelModesIT {
    private static final int STRIDE = 50;
    private static final List<String> PANEL = List.of("llama", "mistral", "qwen", "vicuna");

    @TempDir
    static Path tmp;

    private List<String> inputs;
    private Path profile;

    @BeforeAll
    void prepare() throws Exception {
        assumeTrue(Files.isDirectory(RunFixture.POOLS), "skipped: the CensorChat pools are not at " + RunFixture.POOLS);
        profile = SampleConfigs.faultFreeProfile(tmp);
        inputs = RunFixture.wholeSample(RunFixture.poolSubset(tmp, "censorchat-subset", STRIDE) + "/*.json");
    }

    @Test
    void dawidSkeneInBatchModeDecidesAsOnline() throws Exception {
        Map<String, String> decided =
                onlineAndBatchAgree("dawid-skene", Map.of("aggregation: majority", "aggregation: dawid-skene"));
        assertTrue(
                decided.values().stream().anyMatch(d -> d.contains("label_source=dawid-skene ")),
                "Dawid-Skene decided items");
    }

    @Test
    void anAdaptivePanelInBatchModeDecidesAsOnline() throws Exception {
        onlineAndBatchAgree(
                "adaptive", Map.of("vote_rule: panel-majority", "vote_rule: panel-majority\npanel_mode: adaptive"));
        RunSummary online = summary("adaptive-online");
        RunSummary batch = summary("adaptive-batch");
        long notAsked = 0;
        for (String labeler : PANEL) {
            SummaryKey key = SummaryKey.calls(labeler, CallCount.NOT_ASKED);
            assertEquals(online.count(key), batch.count(key), labeler + " not asked");
            notAsked += batch.count(key);
        }
        assertTrue(notAsked > 0, "the adaptive panel saved calls in batch mode");
    }

    /**
     * Labels the inputs online and with every role in batch mode, {@code edits} applied to both; asserts equal
     * decisions and dead letters; returns the decisions.
     */
    private Map<String, String> onlineAndBatchAgree(String name, Map<String, String> edits) throws Exception {
        Path onlineOut = tmp.resolve(name + "-online");
        double onlineSeconds = BatchRuns.runOnline(
                RunFixture.sampleConfig(tmp, inputs, tmp.resolve("cache-online-" + name), BatchRuns.online(edits)),
                onlineOut,
                profile);
        long start = System.nanoTime();
        BatchStats stats = BatchRuns.runBatch(
                RunFixture.sampleConfig(
                        tmp,
                        inputs,
                        tmp.resolve("cache-batch-" + name),
                        BatchRuns.everyRoleInBatch(BatchRuns.FAST, edits)),
                tmp.resolve(name + "-batch"),
                BatchRuns.PROCESSING,
                profile);
        System.out.printf(
                "BatchPanelModesIT %s: online %.1f s, batch %.1f s, %s%n",
                name, onlineSeconds, BatchRuns.seconds(start), stats);
        assertEquals(Map.of("completed", stats.batchesCreated()), stats.batchesByStatus());
        Map<String, String> online = ItemDecisions.of(onlineOut);
        assertTrue(online.size() > 1_200, "items of the sample and the pool slice: " + online.size());
        ItemDecisions.assertSame(online, ItemDecisions.of(tmp.resolve(name + "-batch")), name);
        assertEquals(
                summary(name + "-online").deadLetters(),
                summary(name + "-batch").deadLetters(),
                "dead letters");
        return online;
    }

    private static RunSummary summary(String run) throws Exception {
        return RunSummary.read(tmp.resolve(run).resolve(LabelPanelPipeline.SUMMARY_FILE));
    }
}
