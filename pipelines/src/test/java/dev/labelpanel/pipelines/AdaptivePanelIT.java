package dev.labelpanel.pipelines;

import static dev.labelpanel.pipelines.RunFixture.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.labelpanel.pipelines.config.ConfigLoader;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.EmbeddedSimulator;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.transforms.summary.CallCount;
import dev.labelpanel.transforms.summary.SummaryKey;
import dev.labelpanel.transforms.summary.UsageStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code panel_mode: adaptive} against {@code full}, for every kind of vote rule, on the whole sample (every input
 * of configs/sample.yaml, broken records included) and a subset of the real CensorChat pools (every
 * {@value #STRIDE}th record of both, read from ../shared/data/censorchat and written to the test's temp folder), in
 * one run per rule and mode against the embedded simulator over real HTTP (configs/simulator/panel-default.yaml, its
 * timeout faults shortened so no run waits on one). For each data set: every item gets the same label, label_id,
 * label_source, stage1_label, filler vote and calibration, and is unlabeled in both or neither (the reason counts
 * only the answers in); the adaptive run sends strictly fewer
 * requests to the panel models, and every panel member either answered or is recorded as not asked.
 * VoteRuleDecidedTest covers every rule exhaustively.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdaptivePanelIT {
    private static final Path POOLS = RunFixture.POOLS;
    private static final int STRIDE = 50;
    private static final String SUBSET = "censorchat-subset";
    private static final List<String> PANEL = List.of("llama", "mistral", "qwen", "vicuna");

    @TempDir
    static Path tmp;

    private Path profile;
    private Path subset;

    @BeforeAll
    void prepare() throws Exception {
        assumeTrue(Files.isDirectory(POOLS), "skipped: the CensorChat pools are not at " + POOLS);
        profile = tmp.resolve("panel-default.yaml");
        Files.writeString(
                profile,
                Files.readString(ROOT.resolve("configs/simulator/panel-default.yaml"))
                        .replace("../../sample-data/gold/", ROOT.resolve("sample-data/gold") + "/")
                        .replaceAll("timeout_fault_hang_ms: \\d+", "timeout_fault_hang_ms: 200"));
        subset = RunFixture.poolSubset(tmp, SUBSET, STRIDE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"panel-majority", "valid-majority", "valid-majority:3", "2"})
    void adaptiveGivesTheFullPanelsLabelsWithFewerCalls(String rule) throws Exception {
        String name = rule.replace(':', '_');
        Run full = run(name + "-full", rule, "full");
        Run adaptive = run(name + "-adaptive", rule, "adaptive");

        assertEquals(full.rows().keySet(), adaptive.rows().keySet(), "item ids");
        assertEquals(full.summary().deadLetters(), adaptive.summary().deadLetters(), "dead letters");
        assertTrue(full.summary().deadLetters() > 0, "the sample's broken records are in");
        long[] sizes = new long[2];
        long[] notAskedPerSet = new long[2];
        full.rows().forEach((id, f) -> {
            GenericRecord a = adaptive.rows().get(id);
            assertEquals(decision(f), decision(a), rule + " item " + id);
            int set = String.valueOf(f.get("source_file")).contains(SUBSET) ? 1 : 0;
            sizes[set]++;
            notAskedPerSet[set] += notAsked(a);
            assertEquals(0, notAsked(f), "full mode asks everyone: " + id);
        });
        assertTrue(sizes[0] > 900, "sample items: " + sizes[0]);
        assertTrue(sizes[1] > 400, "CensorChat items: " + sizes[1]);
        assertTrue(notAskedPerSet[0] > 0 && notAskedPerSet[1] > 0, rule + ": nothing saved on a data set");

        assertTrue(
                adaptive.panelRequests() < full.panelRequests(),
                rule + ": adaptive sent " + adaptive.panelRequests() + " panel requests, full " + full.panelRequests());
        long items = full.rows().size();
        long notAsked = 0;
        for (String labeler : PANEL) {
            assertEquals(0, full.summary().count(SummaryKey.calls(labeler, CallCount.NOT_ASKED)), labeler);
            long answers = adaptive.summary().count(SummaryKey.usage(UsageStage.PANEL, labeler, CallCount.ANSWERS));
            long skipped = adaptive.summary().count(SummaryKey.calls(labeler, CallCount.NOT_ASKED));
            assertEquals(items, answers + skipped, labeler + ": every item asked it or recorded it as not asked");
            notAsked += skipped;
        }
        assertEquals(notAskedPerSet[0] + notAskedPerSet[1], notAsked, "not-asked votes in the rows = summary");
        String printed =
                adaptive.summary().render(tmp.resolve(name + "-adaptive").toString());
        assertTrue(printed.contains("adaptive panel    " + notAsked + " panel calls saved ("), printed);
        assertTrue(printed.contains("USD saved"), "the sample prices its labelers: " + printed);
        System.out.printf(
                "%s: %d items (sample %d, CensorChat subset %d); panel requests full %d, adaptive %d (%.1f%% fewer)%n",
                rule,
                items,
                sizes[0],
                sizes[1],
                full.panelRequests(),
                adaptive.panelRequests(),
                100.0 * (full.panelRequests() - adaptive.panelRequests()) / full.panelRequests());
    }

    /** Not-asked panel votes of a row; each has no label and made no attempt. */
    private static long notAsked(GenericRecord row) {
        @SuppressWarnings("unchecked")
        List<GenericRecord> votes = (List<GenericRecord>) row.get("votes");
        long n = 0;
        for (GenericRecord vote : votes.subList(0, PANEL.size())) {
            if ("not-asked".equals(String.valueOf(vote.get("no_vote_reason")))) {
                assertEquals(null, vote.get("label"));
                assertEquals(0, vote.get("attempts"));
                n++;
            }
        }
        return n;
    }

    /**
     * What must not depend on the panel mode: the label columns, the filler's vote (after the panel's) and the
     * whole calibration.
     */
    private static String decision(GenericRecord r) {
        @SuppressWarnings("unchecked")
        List<GenericRecord> votes = (List<GenericRecord>) r.get("votes");
        StringBuilder s = new StringBuilder();
        for (String field : List.of("label", "label_id", "label_source", "stage1_label")) {
            s.append(r.get(field)).append(" | ");
        }
        // Unlabeled in both; the reason's vote counts are those of the answers in (configs/README.md).
        s.append(r.get("unlabeled_reason") == null ? "labeled" : "unlabeled").append(" | ");
        for (GenericRecord fill : votes.subList(PANEL.size(), votes.size())) {
            s.append(answer(fill)).append(" | ");
        }
        GenericRecord cal = (GenericRecord) r.get("calibration");
        if (cal != null) {
            s.append(cal.get("calibrator"))
                    .append(' ')
                    .append(answer((GenericRecord) cal.get("first_answer")))
                    .append(' ')
                    .append(answer((GenericRecord) cal.get("critique_answer")))
                    .append(' ')
                    .append(cal.get("changed"));
        }
        return s.toString();
    }

    private static String answer(GenericRecord vote) {
        return vote == null
                ? "-"
                : vote.get("labeler") + ":" + vote.get("label") + ":" + vote.get("no_vote_reason") + ":"
                        + vote.get("raw_answer");
    }

    private record Run(Map<String, GenericRecord> rows, RunSummary summary, long panelRequests) {}

    private Run run(String name, String rule, String mode) throws Exception {
        Path out = tmp.resolve(name);
        Path config = RunFixture.sampleConfig(
                tmp,
                RunFixture.wholeSample(subset + "/*.json"),
                tmp.resolve("cache"),
                Map.of(
                        "profile: " + ROOT.resolve("configs/simulator/panel-default.yaml"),
                        "profile: " + profile,
                        "latency_scale: 0.05",
                        "latency_scale: 0",
                        "vote_rule: panel-majority",
                        "vote_rule: '" + rule + "'\npanel_mode: " + mode));
        long requests = 0;
        try (EmbeddedSimulator simulator =
                EmbeddedSimulator.start(ConfigLoader.load(config).simulator())) {
            assertEquals(PipelineResult.State.DONE, RunFixture.runInProcess(config, out, "off", simulator.baseUrl()));
            for (String model : RunFixture.PANEL_MODELS) {
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
