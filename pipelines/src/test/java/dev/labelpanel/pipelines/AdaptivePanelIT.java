package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code panel_mode: adaptive} against {@code full} on part of the sample (openai.jsonl), one rule of each kind,
 * against the embedded simulator over real HTTP (configs/simulator/panel-default.yaml, its timeout faults shortened
 * so no run waits on one): every item gets the same label, label_source, stage1_label and calibration, the
 * adaptive run sends strictly fewer requests to the panel models, and no item is lost. VoteRuleDecidedTest covers
 * every rule exhaustively.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdaptivePanelIT {
    private static final Path ROOT = Outputs.projectRoot();
    private static final List<String> PANEL = List.of("llama", "mistral", "qwen", "vicuna");
    private static final List<String> PANEL_MODELS =
            List.of("sim-llama-7b", "sim-mistral-7b", "sim-qwen-7b", "sim-vicuna-7b");

    @TempDir
    static Path tmp;

    private Path profile;

    @BeforeAll
    void shortenTimeoutFaults() throws Exception {
        profile = tmp.resolve("panel-default.yaml");
        Files.writeString(
                profile,
                Files.readString(ROOT.resolve("configs/simulator/panel-default.yaml"))
                        .replace("../../sample-data/gold/", ROOT.resolve("sample-data/gold") + "/")
                        .replaceAll("timeout_fault_hang_ms: \\d+", "timeout_fault_hang_ms: 200"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"panel-majority", "valid-majority", "3"})
    void adaptiveGivesTheFullPanelsLabelsWithFewerCalls(String rule) throws Exception {
        String name = rule.replace(':', '_');
        Run full = run(name + "-full", rule, "full");
        Run adaptive = run(name + "-adaptive", rule, "adaptive");

        assertEquals(full.rows().size(), adaptive.rows().size(), "items written");
        assertTrue(full.rows().size() > 100, "items: " + full.rows().size());
        assertEquals(full.rows().keySet(), adaptive.rows().keySet(), "item ids");
        full.rows()
                .forEach((id, f) ->
                        assertEquals(decision(f), decision(adaptive.rows().get(id)), rule + " item " + id));

        assertTrue(
                adaptive.panelRequests() < full.panelRequests(),
                rule + ": adaptive sent " + adaptive.panelRequests() + " panel requests, full " + full.panelRequests());
        long items = full.rows().size();
        long notAsked = 0;
        for (String labeler : PANEL) {
            assertEquals(0, full.summary().count(SummaryKey.calls(labeler, CallCount.NOT_ASKED)), labeler);
            long answers = adaptive.summary()
                    .count(SummaryKey.usage(
                            dev.labelpanel.transforms.summary.UsageStage.PANEL, labeler, CallCount.ANSWERS));
            long skipped = adaptive.summary().count(SummaryKey.calls(labeler, CallCount.NOT_ASKED));
            assertEquals(items, answers + skipped, labeler + ": every item asked it or recorded it as not asked");
            notAsked += skipped;
        }
        assertTrue(notAsked > 0, rule + ": nothing was saved");
        String printed =
                adaptive.summary().render(tmp.resolve(name + "-adaptive").toString());
        assertTrue(printed.contains("adaptive panel    " + notAsked + " panel calls saved ("), printed);
        assertTrue(printed.contains("USD saved"), "the sample prices its labelers: " + printed);
        for (Map.Entry<String, GenericRecord> e : adaptive.rows().entrySet()) {
            @SuppressWarnings("unchecked")
            List<GenericRecord> votes = (List<GenericRecord>) e.getValue().get("votes");
            for (GenericRecord vote : votes.subList(0, PANEL.size())) {
                if ("not-asked".equals(String.valueOf(vote.get("no_vote_reason")))) {
                    assertEquals(null, vote.get("label"));
                    assertEquals(0, vote.get("attempts"));
                }
            }
        }
    }

    /** What must not depend on the panel mode: the label, its source, the stage-1 label and the calibration. */
    private static String decision(GenericRecord r) {
        GenericRecord cal = (GenericRecord) r.get("calibration");
        String calibration = "none";
        if (cal != null) {
            GenericRecord first = (GenericRecord) cal.get("first_answer");
            GenericRecord critique = (GenericRecord) cal.get("critique_answer");
            calibration = cal.get("calibrator") + " " + first.get("label") + " " + first.get("raw_answer") + " "
                    + (critique == null ? "-" : critique.get("label") + " " + critique.get("raw_answer")) + " "
                    + cal.get("changed");
        }
        return r.get("label") + " | " + r.get("label_source") + " | " + r.get("stage1_label") + " | " + calibration;
    }

    private record Run(Map<String, GenericRecord> rows, RunSummary summary, long panelRequests) {}

    private Run run(String name, String rule, String mode) throws Exception {
        Path config = tmp.resolve(name + ".yaml");
        Path out = tmp.resolve(name);
        String sample = Files.readString(ROOT.resolve("configs/sample.yaml"));
        Files.writeString(
                config,
                sample.replace(
                                "    - ../sample-data/dialogues/*.jsonl",
                                "    - " + ROOT.resolve("sample-data/dialogues/openai.jsonl"))
                        .replaceAll("(?m)^    - \\.\\./sample-data/.*\\n", "")
                        .replace("profile: simulator/panel-default.yaml", "profile: " + profile)
                        .replace("latency_scale: 0.05", "latency_scale: 0")
                        .replace("dir: ../out/cache", "dir: " + tmp.resolve("cache"))
                        .replace("vote_rule: panel-majority", "vote_rule: '" + rule + "'\npanel_mode: " + mode));
        RunConfig loaded = ConfigLoader.load(config);
        long requests = 0;
        try (EmbeddedSimulator simulator = EmbeddedSimulator.start(loaded.simulator())) {
            LabelPanelOptions options = PipelineOptionsFactory.fromArgs(
                            "--config=" + config,
                            "--out=" + out,
                            "--runner=DirectRunner",
                            "--cacheMode=off",
                            "--simulatorUrl=" + simulator.baseUrl(),
                            "--enforceImmutability=false")
                    .withValidation()
                    .as(LabelPanelOptions.class);
            assertEquals(
                    PipelineResult.State.DONE, LabelPanelPipeline.run(options).waitUntilFinish());
            for (String model : PANEL_MODELS) {
                requests += simulator.simulator().stats().model(model).requests();
            }
        }
        Map<String, GenericRecord> rows = new TreeMap<>();
        for (Outputs.Row row : Outputs.readAll(out)) {
            assertEquals(
                    null,
                    rows.put(row.get("item_id") + " " + row.get("granularity"), row.record()),
                    "one row per item");
        }
        return new Run(rows, RunSummary.read(out.resolve(LabelPanelPipeline.SUMMARY_FILE)), requests);
    }
}
