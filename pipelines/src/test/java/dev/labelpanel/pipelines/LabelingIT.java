package dev.labelpanel.pipelines;

import static dev.labelpanel.pipelines.RunFixture.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.pipelines.config.ConfigLoader;
import dev.labelpanel.pipelines.config.RunConfig;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.EmbeddedSimulator;
import dev.labelpanel.pipelines.run.LabelPanelOptions;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.transforms.summary.CallCount;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CensorChat method end to end on the sample data, against the simulator (SIMULATION) over real HTTP with
 * configs/simulator/panel-default.yaml: labels are checked against the sample's gold labels, calls are counted at
 * the simulator, and a rerun is answered from the response cache.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabelingIT {
    private static final List<String> PANEL = List.of("llama", "mistral", "qwen", "vicuna");

    @TempDir
    static Path tmp;

    private Path config;
    private List<Outputs.Row> rows;
    private long calibratorRequests;
    private long trainItems;

    @BeforeAll
    void labelTheSample() throws Exception {
        config = tmp.resolve("sample.yaml");
        String sample = Files.readString(ROOT.resolve("configs/sample.yaml"));
        Files.writeString(
                config,
                sample.replace("../sample-data/", ROOT.resolve("sample-data") + "/")
                        .replace("profile: simulator/", "profile: " + ROOT.resolve("configs/simulator") + "/")
                        .replace("latency_scale: 0.05", "latency_scale: 0")
                        .replace("dir: ../out/cache", "dir: " + tmp.resolve("cache")));
        RunConfig loaded = ConfigLoader.load(config);
        try (EmbeddedSimulator simulator = EmbeddedSimulator.start(loaded.simulator())) {
            assertEquals(PipelineResult.State.DONE, run(simulator, tmp.resolve("first"), "use"));
            calibratorRequests =
                    simulator.simulator().stats().model("sim-calibrator-best").requests();
        }
        rows = Outputs.readAll(tmp.resolve("first"));
        trainItems = rows.stream().filter(r -> r.get("split").equals("train")).count();
    }

    private PipelineResult.State run(EmbeddedSimulator simulator, Path out, String cacheMode) throws Exception {
        LabelPanelOptions options = PipelineOptionsFactory.fromArgs(
                        "--config=" + config,
                        "--out=" + out,
                        "--runner=DirectRunner",
                        "--cacheMode=" + cacheMode,
                        "--simulatorUrl=" + simulator.baseUrl(),
                        "--enforceImmutability=false")
                .withValidation()
                .as(LabelPanelOptions.class);
        return LabelPanelPipeline.run(options).waitUntilFinish();
    }

    @Test
    void everyItemIsLabeledOrUnlabeledWithAReasonAndTraceableToItsVotes() {
        assertEquals(953, rows.size(), "611 utterances + 342 pairs, as the foundation run writes");
        for (Outputs.Row row : rows) {
            GenericRecord r = row.record();
            @SuppressWarnings("unchecked")
            List<GenericRecord> votes = (List<GenericRecord>) r.get("votes");
            if (r.get("label") == null) {
                assertTrue(row.file().contains("/unlabeled-"), row.file());
                assertNotNull(r.get("unlabeled_reason"));
                continue;
            }
            String source = row.get("label_source");
            assertTrue(votes.size() >= 4, "four panel votes, kept with raw answers");
            for (GenericRecord vote : votes.subList(0, 4)) {
                assertEquals(PANEL.get(votes.indexOf(vote)), vote.get("labeler").toString());
                assertTrue(vote.get("raw_answer") != null || vote.get("no_vote_reason") != null);
            }
            if (source.equals("majority")) {
                assertEquals(row.get("label"), row.get("stage1_label"));
                assertEquals(4, votes.size());
            }
            if (source.equals("filled")) {
                assertNull(r.get("stage1_label"));
                assertEquals("filler", votes.get(4).get("labeler").toString());
                assertEquals(row.get("label"), votes.get(4).get("label").toString());
            }
            boolean heldOut = !row.get("split").equals("train");
            assertEquals(heldOut, r.get("calibration") != null, "only validation and test items are calibrated");
            if (source.startsWith("calibrated-")) {
                GenericRecord cal = (GenericRecord) r.get("calibration");
                String first =
                        ((GenericRecord) cal.get("first_answer")).get("label").toString();
                if (source.equals("calibrated-agree")) {
                    assertEquals(row.get("label"), first);
                    assertNull(cal.get("critique_answer"));
                } else {
                    GenericRecord critique = (GenericRecord) cal.get("critique_answer");
                    assertEquals(row.get("label"), critique.get("label").toString());
                    assertEquals(source.equals("calibrated-kept"), first.equals(row.get("label")));
                }
            }
            assertEquals(16, row.get("config_hash").length());
        }
    }

    @Test
    void trainItemsNeverReachTheCalibrator() {
        long calibratorAttempts = 0;
        for (Outputs.Row row : rows) {
            GenericRecord cal = (GenericRecord) row.record().get("calibration");
            if (cal != null) {
                calibratorAttempts += (int) ((GenericRecord) cal.get("first_answer")).get("attempts");
                if (cal.get("critique_answer") != null) {
                    calibratorAttempts += (int) ((GenericRecord) cal.get("critique_answer")).get("attempts");
                }
            }
        }
        assertTrue(trainItems > 700);
        assertEquals(
                calibratorAttempts, calibratorRequests, "every request the calibrator got is one recorded attempt");
    }

    @Test
    void finalLabelsBeatTheBestPanelModelAndCalibratedSplitsBeatTrain() throws Exception {
        SampleGold gold = SampleGold.read();
        Map<String, int[]> modelRight = new HashMap<>();
        int[] finalRight = new int[2];
        int[] trainRight = new int[2];
        int[] heldOutRight = new int[2];
        for (Outputs.Row row : rows) {
            String truth = gold.of(row);
            assertNotNull(truth, "the sample's gold labels cover every item: " + row.get("text"));
            boolean right = truth.equals(row.get("label"));
            tally(finalRight, right);
            tally(row.get("split").equals("train") ? trainRight : heldOutRight, right);
            @SuppressWarnings("unchecked")
            List<GenericRecord> votes = (List<GenericRecord>) row.record().get("votes");
            for (GenericRecord vote : votes.subList(0, 4)) {
                Object label = vote.get("label");
                tally(
                        modelRight.computeIfAbsent(vote.get("labeler").toString(), k -> new int[2]),
                        label != null && truth.equals(label.toString()));
            }
        }
        double finalAccuracy = share(finalRight);
        double bestModel = modelRight.values().stream()
                .mapToDouble(LabelingIT::share)
                .max()
                .orElseThrow();
        assertTrue(
                finalAccuracy > bestModel,
                "final " + finalAccuracy + " vs best panel model " + bestModel + " " + describe(modelRight));
        assertTrue(
                share(heldOutRight) > share(trainRight),
                "calibrated " + share(heldOutRight) + " vs train " + share(trainRight));
    }

    @Test
    void aRerunIsAnsweredFromTheCacheWithIdenticalLabels() throws Exception {
        RunConfig loaded = ConfigLoader.load(config);
        try (EmbeddedSimulator simulator = EmbeddedSimulator.start(loaded.simulator())) {
            assertEquals(PipelineResult.State.DONE, run(simulator, tmp.resolve("rerun"), "use"));
            assertEquals(0, simulator.simulator().stats().totalRequests(), "a rerun pays for nothing");
        }
        assertEquals(labels(rows), labels(Outputs.readAll(tmp.resolve("rerun"))));
        RunSummary summary = RunSummary.read(tmp.resolve("rerun/run-summary.json"));
        assertEquals(0, summary.count(SummaryKey.calls("llama", CallCount.CACHE_MISSES)));
        assertEquals(953, summary.count(SummaryKey.calls("llama", CallCount.CACHE_HITS)));
    }

    private static Set<String> labels(List<Outputs.Row> rows) {
        return rows.stream()
                .map(r -> r.get("item_id") + " " + r.get("label") + " " + r.get("label_source"))
                .collect(Collectors.toSet());
    }

    private static void tally(int[] counts, boolean right) {
        counts[right ? 0 : 1]++;
    }

    private static double share(int[] counts) {
        return (double) counts[0] / (counts[0] + counts[1]);
    }

    private static String describe(Map<String, int[]> byModel) {
        return byModel.entrySet().stream()
                .map(e -> e.getKey() + "=" + share(e.getValue()))
                .collect(Collectors.joining(" "));
    }
}
