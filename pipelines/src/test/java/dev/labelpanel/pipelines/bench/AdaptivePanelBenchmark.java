package dev.labelpanel.pipelines.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labelpanel.pipelines.config.LabelingConfig;
import dev.labelpanel.pipelines.inspect.OutputFiles;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.EmbeddedSimulator;
import dev.labelpanel.pipelines.run.LabelPanelOptions;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.transforms.summary.CallCount;
import dev.labelpanel.transforms.summary.SummaryKey;
import dev.labelpanel.transforms.summary.UsageStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/**
 * Issue #14's adaptive-panel figures (BENCHMARKS.md): the real CensorChat pools (read in place) labeled in full and
 * in adaptive mode against the embedded simulator with configs/simulator/bench.yaml (panel-default's models and
 * answer noise, no faults) at zero latency, cache off, panel-majority; prints the panel calls of each, the saving,
 * the items whose labels differ (must be 0) and the ceiling: the share of items whose first 3 asked members agree
 * (the only items where a 4-member panel-majority panel can skip a call). Not a CI test (no *Test/*IT name); run:
 *
 * <pre>
 * mvn -B -o -pl pipelines -am test -Dtest=AdaptivePanelBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class AdaptivePanelBenchmark {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final List<String> PANEL = List.of("llama", "mistral", "qwen", "vicuna");
    private static final List<String> MODELS = LabelingBenchmark.MODELS;
    private static final List<String> NAMES = LabelingBenchmark.NAMES;

    @Test
    void fullVersusAdaptiveOnTheCensorChatPools() throws Exception {
        Path work = Files.createTempDirectory("labelpanel-adaptive-bench");
        String input = System.getProperty(
                "bench.input", ROOT.resolve("../shared/data/censorchat").normalize() + "/*.json");
        Map<String, String> full = run(work, "full", input);
        Map<String, String> adaptive = run(work, "adaptive", input);
        long differ = full.keySet().stream()
                .filter(k -> !Objects.equals(full.get(k), adaptive.get(k)))
                .count();
        System.out.printf(
                Locale.ROOT,
                "items %d (full) / %d (adaptive); items whose label, source, stage-1 label or"
                        + " calibration differ: %d%n",
                full.size(),
                adaptive.size(),
                differ);
        assertEquals(full.keySet(), adaptive.keySet());
        assertEquals(0, differ);
    }

    /** Runs one mode; prints its calls; returns item -> label | source | stage1 | calibration label. */
    private static Map<String, String> run(Path work, String mode, String input) throws Exception {
        Path out = work.resolve(mode);
        Path config = work.resolve(mode + ".yaml");
        Path profile = work.resolve("bench.yaml");
        Files.writeString(
                profile,
                Files.readString(ROOT.resolve("configs/simulator/bench.yaml"))
                        .replace("../../sample-data/gold/", ROOT.resolve("sample-data/gold") + "/"));
        StringBuilder yaml = new StringBuilder("input:\n  paths: ['" + input + "']\n");
        yaml.append("simulator: {profile: '").append(profile).append("', latency_scale: 0}\nlabelers:\n");
        for (int i = 0; i < MODELS.size(); i++) {
            yaml.append("  - {name: ")
                    .append(NAMES.get(i))
                    .append(", base_url: simulator, model: ")
                    .append(MODELS.get(i))
                    .append(", max_tokens: 64, max_concurrency: 32}\n");
        }
        yaml.append("roles: {panel: [llama, mistral, qwen, vicuna], filler: filler, calibrator: calibrator}\n");
        yaml.append("panel_mode: ").append(mode).append("\nmax_items_in_flight: 512\n");
        Files.writeString(config, yaml.toString());
        double wall;
        long requests = 0;
        try (EmbeddedSimulator sim =
                EmbeddedSimulator.start(new LabelingConfig.Simulator(profile.toString(), null, 0.0))) {
            LabelPanelOptions options = PipelineOptionsFactory.fromArgs(
                            "--config=" + config,
                            "--out=" + out,
                            "--cacheMode=off",
                            "--simulatorUrl=" + sim.baseUrl(),
                            "--enforceImmutability=false",
                            "--enforceEncodability=false")
                    .withValidation()
                    .as(LabelPanelOptions.class);
            long t0 = System.nanoTime();
            LabelPanelPipeline.run(options).waitUntilFinish();
            wall = (System.nanoTime() - t0) / 1e9;
            for (String model : MODELS.subList(0, PANEL.size())) {
                requests += sim.simulator().stats().model(model).requests();
            }
        }
        RunSummary summary = RunSummary.read(out.resolve(LabelPanelPipeline.SUMMARY_FILE));
        long answers = 0;
        long notAsked = 0;
        for (String labeler : PANEL) {
            answers += summary.count(SummaryKey.usage(UsageStage.PANEL, labeler, CallCount.ANSWERS));
            notAsked += summary.count(SummaryKey.calls(labeler, CallCount.NOT_ASKED));
        }
        Map<String, String> decisions = new TreeMap<>();
        long[] firstThreeAgree = {0};
        for (Path file : OutputFiles.allParquet(out)) {
            OutputFiles.readRows(file, r -> {
                List<?> votes = (List<?>) r.get("votes");
                Object first = ((GenericRecord) votes.get(0)).get("label");
                if (first != null
                        && first.equals(((GenericRecord) votes.get(1)).get("label"))
                        && first.equals(((GenericRecord) votes.get(2)).get("label"))) {
                    firstThreeAgree[0]++;
                }
                GenericRecord cal = (GenericRecord) r.get("calibration");
                decisions.put(
                        r.get("item_id") + " " + r.get("granularity"),
                        r.get("label") + " | " + r.get("label_source")
                                + " | " + r.get("stage1_label") + " | "
                                + (cal == null
                                        ? "-"
                                        : ((GenericRecord) cal.get("first_answer")).get("label") + " "
                                                + cal.get("changed")));
            });
        }
        System.out.printf(
                Locale.ROOT,
                "%s: %d items in %.1f s; panel answers %d (%.3f per item), panel requests at the simulator %d,"
                        + " not asked %d;"
                        + " first 3 panel members agree on %d items (%.1f%%)%n",
                mode,
                decisions.size(),
                wall,
                answers,
                (double) answers / decisions.size(),
                requests,
                notAsked,
                firstThreeAgree[0],
                100.0 * firstThreeAgree[0] / decisions.size());
        return decisions;
    }
}
