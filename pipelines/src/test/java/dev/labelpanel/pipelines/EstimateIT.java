package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.pipelines.config.ConfigLoader;
import dev.labelpanel.pipelines.config.RunConfig;
import dev.labelpanel.pipelines.estimate.CostEstimate;
import dev.labelpanel.pipelines.estimate.Estimator;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.EmbeddedSimulator;
import dev.labelpanel.pipelines.run.LabelPanelOptions;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.splits.Split;
import dev.labelpanel.transforms.summary.CallCount;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimate's deterministic counts (items per split, panel calls, first calibration calls) equal what a real run
 * of the sample against the simulator (SIMULATION, fault-free, latency 0, no cache) makes: answers counted in its
 * run summary and requests counted by the simulator; and estimating again gives the same estimate, token sizes and
 * cost included (the README pastes one).
 */
class EstimateIT {
    private static final List<String> PANEL = List.of("llama", "mistral", "qwen", "vicuna");

    @TempDir
    Path tmp;

    @Test
    void panelAndCalibrationCallsMatchARealRun() throws Exception {
        Path config = SampleConfigs.faultFree(tmp);
        RunConfig loaded = ConfigLoader.load(config);
        Map<String, Long> requests = new java.util.HashMap<>();
        CostEstimate.Result estimate = Estimator.estimate(loaded, 0.10, 0.10, tmp.resolve("estimate"));
        assertEquals(
                estimate,
                Estimator.estimate(loaded, 0.10, 0.10, tmp.resolve("estimate-again")),
                "the same input gives the same estimate, whatever order the runner wrote its items in");

        try (EmbeddedSimulator simulator = EmbeddedSimulator.start(loaded.simulator())) {
            LabelPanelOptions options = PipelineOptionsFactory.fromArgs(
                            "--config=" + config,
                            "--out=" + tmp.resolve("run"),
                            "--runner=DirectRunner",
                            "--cacheMode=off",
                            "--simulatorUrl=" + simulator.baseUrl(),
                            "--enforceImmutability=false")
                    .withValidation()
                    .as(LabelPanelOptions.class);
            assertEquals(
                    PipelineResult.State.DONE, LabelPanelPipeline.run(options).waitUntilFinish());
            for (int i = 0; i < PANEL.size(); i++) {
                String model = "sim-" + PANEL.get(i) + "-7b";
                requests.put(
                        PANEL.get(i), simulator.simulator().stats().model(model).requests());
            }
        }
        RunSummary run = RunSummary.read(tmp.resolve("run/run-summary.json"));

        long heldOut = 0;
        for (Map.Entry<String, Map<String, Long>> g : estimate.items().entrySet()) {
            for (Map.Entry<String, Long> split : g.getValue().entrySet()) {
                assertEquals(
                        run.count(SummaryKey.itemsWritten(Granularity.parse(g.getKey()), Split.parse(split.getKey()))),
                        split.getValue(),
                        g.getKey() + " " + split.getKey());
                heldOut += Split.parse(split.getKey()).heldOut() ? split.getValue() : 0;
            }
        }
        long items = run.countAll(SummaryKey::itemsWritten);
        assertEquals(953, items);
        long panelAnswers = PANEL.stream()
                .mapToLong(l -> run.count(SummaryKey.calls(l, CallCount.ANSWERS)))
                .sum();
        assertEquals(panelAnswers, estimate.panelCalls());
        assertEquals(PANEL.size() * items, estimate.panelCalls());
        for (String labeler : PANEL) {
            CostEstimate.LabelerCost cost = estimate.labelers().stream()
                    .filter(c -> c.name().equals(labeler))
                    .findFirst()
                    .orElseThrow();
            assertEquals(run.count(SummaryKey.calls(labeler, CallCount.ANSWERS)), cost.calls(), labeler);
            assertEquals(requests.get(labeler), cost.calls(), labeler + ": requests the simulator got");
        }
        long calibrated = run.countAll(SummaryKey::calibrated);
        long critiqued = run.countAll(SummaryKey::critiqued);
        long uncalibrated = Outputs.readAll(tmp.resolve("run")).stream()
                .filter(r -> !r.get("split").equals("train") && r.record().get("calibration") == null)
                .count();
        assertEquals(
                heldOut,
                calibrated + uncalibrated,
                "every validation and test item gets one first calibration call, unless no model could label it");
        assertTrue(uncalibrated <= heldOut / 50, uncalibrated + " held-out items without calibration");
        String counts = "held out " + heldOut + ", calibrated " + calibrated + ", critiqued " + critiqued
                + ", uncalibrated " + uncalibrated + ", calibrator answers "
                + run.count(SummaryKey.calls("calibrator", CallCount.ANSWERS))
                + ", filler answers " + run.count(SummaryKey.calls("filler", CallCount.ANSWERS));
        assertEquals(calibrated + critiqued, run.count(SummaryKey.calls("calibrator", CallCount.ANSWERS)), counts);
        long assumedCritiques = 0;
        for (Granularity g : Granularity.values()) {
            assumedCritiques += Math.round((run.count(SummaryKey.itemsWritten(g, Split.VALIDATION))
                            + run.count(SummaryKey.itemsWritten(g, Split.TEST)))
                    * 0.1);
        }
        assertEquals(
                heldOut + assumedCritiques, estimate.calibrationCalls(), "first calls + the assumed 10% critiques");
        assertTrue(estimate.fillCalls() > 0);
    }
}
