package dev.labelpanel.pipelines;

import static dev.labelpanel.pipelines.RunFixture.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.pipelines.config.ConfigException;
import dev.labelpanel.pipelines.config.ConfigLoader;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.EmbeddedSimulator;
import dev.labelpanel.pipelines.run.LabelPanelOptions;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.simulator.SimulatorStats;
import dev.labelpanel.transforms.summary.CallCount;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental (nightly) builds against the simulator (SIMULATION) over real HTTP, with the response cache off so
 * that every answer is a request the simulator counts: a first run labels day 1 of a growing input folder; after
 * day 2's file arrives, a run with {@code --previous} asks the endpoints only for the items day 1 did not hold, and
 * writes day 1's rows unchanged next to the new ones. The simulator profile is the default one without faults, so
 * each answer is exactly one request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncrementalIT {

    @TempDir
    static Path tmp;

    private Path config;
    private Path day1;
    private Path day2;
    private Map<String, Outputs.Row> firstRows;
    private Map<String, Outputs.Row> secondRows;
    private SimulatorStats secondStats;

    @BeforeAll
    void labelDayOneThenDayTwoIncrementally() throws Exception {
        Path input = RunFixture.dayOneInput(tmp);
        config = RunFixture.faultFreeConfig(tmp, input);

        day1 = tmp.resolve("out-day1");
        run(day1, null);
        firstRows = byId(Outputs.readAll(day1));

        RunFixture.addDayTwo(input);
        day2 = tmp.resolve("out-day2");
        secondStats = run(day2, day1);
        secondRows = byId(Outputs.readAll(day2));
    }

    /** Runs the config with the cache off against a fresh simulator, and returns what the simulator counted. */
    private SimulatorStats run(Path out, Path previous) throws Exception {
        return run(config, out, previous);
    }

    private static SimulatorStats run(Path config, Path out, Path previous) throws Exception {
        try (EmbeddedSimulator sim =
                EmbeddedSimulator.start(ConfigLoader.load(config).simulator())) {
            assertEquals(
                    PipelineResult.State.DONE,
                    LabelPanelPipeline.run(options(config, out, previous, sim.baseUrl()))
                            .waitUntilFinish());
            return sim.simulator().stats();
        }
    }

    private static LabelPanelOptions options(Path config, Path out, Path previous, String simulatorUrl) {
        List<String> args = new ArrayList<>(List.of(
                "--config=" + config,
                "--out=" + out,
                "--runner=DirectRunner",
                "--cacheMode=off",
                "--simulatorUrl=" + simulatorUrl,
                "--enforceImmutability=false",
                "--enforceEncodability=false"));
        if (previous != null) {
            args.add("--previous=" + previous);
        }
        return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
                .withValidation()
                .as(LabelPanelOptions.class);
    }

    private static Map<String, Outputs.Row> byId(List<Outputs.Row> rows) {
        Map<String, Outputs.Row> map =
                rows.stream().collect(Collectors.toMap(r -> r.get("item_id"), Function.identity()));
        assertEquals(rows.size(), map.size(), "one row per item id");
        return map;
    }

    private static boolean labeled(Outputs.Row row) {
        return row.get("label") != null;
    }

    /** HTTP attempts recorded in a row: its votes (panel, filler) and its calibration answers. */
    @SuppressWarnings("unchecked")
    private static long attempts(Outputs.Row row) {
        long attempts = 0;
        for (GenericRecord vote : (List<GenericRecord>) row.record().get("votes")) {
            attempts += (int) vote.get("attempts");
        }
        GenericRecord cal = (GenericRecord) row.record().get("calibration");
        if (cal != null) {
            attempts += (int) ((GenericRecord) cal.get("first_answer")).get("attempts");
            if (cal.get("critique_answer") != null) {
                attempts += (int) ((GenericRecord) cal.get("critique_answer")).get("attempts");
            }
        }
        return attempts;
    }

    @Test
    void theSecondRunCallsTheEndpointsOnlyForItemsTheFirstDidNotLabel() throws Exception {
        assertTrue(secondRows.keySet().containsAll(firstRows.keySet()), "day 1's items are still in the input");
        Set<String> carried = firstRows.values().stream()
                .filter(IncrementalIT::labeled)
                .map(r -> r.get("item_id"))
                .collect(Collectors.toSet());
        List<Outputs.Row> labeledNow = secondRows.values().stream()
                .filter(r -> !carried.contains(r.get("item_id")))
                .toList();
        long newItems = secondRows.size() - firstRows.size();
        assertTrue(carried.size() > 250 && newItems > 100, carried.size() + " carried, " + newItems + " new");

        // Counted at the simulator: one request per panel model for each item labeled now, and no other request
        // than the attempts the labeled-now rows record.
        for (String model : RunFixture.PANEL_MODELS) {
            assertEquals(labeledNow.size(), secondStats.model(model).requests(), model);
        }
        assertEquals(labeledNow.stream().mapToLong(IncrementalIT::attempts).sum(), secondStats.totalRequests());

        RunSummary summary = RunSummary.read(day2.resolve("run-summary.json"));
        assertEquals(carried.size(), summary.countAll(SummaryKey::itemsCarriedOver));
        assertEquals(labeledNow.size(), summary.countAll(SummaryKey::itemsLabeledThisRun));
        assertEquals(firstRows.size(), summary.count(SummaryKey.previousRead()));
        assertEquals(
                firstRows.size() - carried.size(),
                summary.count(SummaryKey.previousRelabeled(SummaryKey.Relabeled.UNLABELED)));
        assertEquals(0, summary.count(SummaryKey.previousNotInInput()));
        assertEquals(
                labeledNow.size(),
                summary.count(SummaryKey.calls("llama", CallCount.ANSWERS)),
                "carried rows cost nothing this run");
        assertTrue(summary.balanced());
        String rendered = summary.render(day2.toString());
        assertTrue(
                rendered.contains("  incremental       " + carried.size() + " carried over (no calls), "
                        + labeledNow.size() + " labeled now: " + newItems + " new"),
                rendered);
        assertTrue(rendered.contains("previous rows = carried + relabeled + not in input: ok"), rendered);
    }

    @Test
    void carriedRowsAreDayOnesRowsUnchangedAndTheOutputHoldsOldAndNew() {
        long compared = 0;
        for (Outputs.Row first : firstRows.values()) {
            if (labeled(first)) {
                Outputs.Row second = secondRows.get(first.get("item_id"));
                assertEquals(first.record(), second.record(), "carried row " + first.get("item_id"));
                assertEquals(first.file(), second.file());
                compared++;
            }
        }
        assertTrue(compared > 250, compared + " rows compared");
        assertTrue(
                secondRows.values().stream().anyMatch(r -> r.get("source_file").endsWith("day2.jsonl")));
        assertTrue(
                secondRows.values().stream()
                        .filter(r -> r.get("source_file").endsWith("day2.jsonl"))
                        .allMatch(r -> !firstRows.containsKey(r.get("item_id"))),
                "day 2 rows are new items");
    }

    @Test
    void aConfigChangeRelabelsEverything() throws Exception {
        Path changed = RunFixture.sampleConfig(
                tmp,
                tmp.resolve("in") + "/day1.jsonl",
                tmp.resolve("cache"),
                Map.of(
                        "latency_scale: 0.05",
                        "latency_scale: 0",
                        "profile: " + ROOT.resolve("configs/simulator/panel-default.yaml"),
                        "profile: " + SampleConfigs.faultFreeProfile(tmp),
                        "vote_rule: panel-majority",
                        "vote_rule: valid-majority"));
        Path out = tmp.resolve("out-changed");
        SimulatorStats stats = run(changed, out, day1);
        Map<String, Outputs.Row> rows = byId(Outputs.readAll(out));
        assertEquals(firstRows.keySet(), rows.keySet());
        assertEquals(rows.size(), stats.model("sim-llama-7b").requests(), "every item is asked again");
        RunSummary summary = RunSummary.read(out.resolve("run-summary.json"));
        assertEquals(0, summary.countAll(SummaryKey::itemsCarriedOver));
        long firstLabeled =
                firstRows.values().stream().filter(IncrementalIT::labeled).count();
        assertEquals(firstLabeled, summary.count(SummaryKey.previousRelabeled(SummaryKey.Relabeled.CONFIG_CHANGED)));
        assertTrue(summary.balanced());
        String hash = firstRows.values().iterator().next().get("config_hash");
        assertTrue(rows.values().stream().noneMatch(r -> hash.equals(r.get("config_hash"))));
    }

    @Test
    void aFolderThatIsNoOutputOrIsTheOutputItselfIsRefusedBeforeAnythingRuns() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("not-an-output"));
        ConfigException notOutput = assertThrows(
                ConfigException.class,
                () -> LabelPanelPipeline.run(options(config, tmp.resolve("x"), empty, "http://127.0.0.1:1/v1")));
        assertTrue(
                notOutput.getMessage().contains(empty + " is not a labelpanel output: it has no run-summary.json"),
                notOutput.getMessage());
        ConfigException same = assertThrows(
                ConfigException.class,
                () -> LabelPanelPipeline.run(options(config, day1, day1.resolve("."), "http://127.0.0.1:1/v1")));
        assertTrue(same.getMessage().contains("is the output folder of this run"), same.getMessage());
        assertTrue(Files.exists(day1.resolve("run-summary.json")), "the previous output is untouched");
    }

    @Test
    void theCommandTakesPreviousAndExplainsABadOneInOneLine() throws Exception {
        Path log = tmp.resolve("cli.log");
        Process p = RunFixture.child(
                        config,
                        tmp.resolve("cli-out"),
                        log,
                        "--previous",
                        tmp.resolve("cli-out").toString())
                .start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        String output = Files.readString(log);
        assertEquals(2, p.exitValue(), output);
        assertTrue(
                output.contains("labelpanel: --previous (incremental.previous) " + tmp.resolve("cli-out")
                        + " is the output folder of this run"),
                output);
        assertFalse(output.contains("Exception"), output);
    }
}
