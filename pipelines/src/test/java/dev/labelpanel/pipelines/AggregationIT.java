package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.pipelines.config.ConfigLoader;
import dev.labelpanel.pipelines.run.EmbeddedSimulator;
import dev.labelpanel.transforms.summary.PanelStatistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aggregation: majority} against {@code dawid-skene} on the sample, labelled by the simulator (SIMULATION),
 * whose ground truth for these items is the sample's gold set. With configs/simulator/panel-skewed.yaml (one strong
 * panel model, two average, one strongly biased) Dawid-Skene labels more items right and estimates each panel
 * model's accuracy within 0.03 of the share of its answers that are right; with panel-equal.yaml (four equal,
 * independent models) its stage-1 labels agree with the majority's. Both runs of a profile share a response cache,
 * so they see the same answers. Prints the table BENCHMARKS.md shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregationIT {
    private static final List<String> PANEL = List.of("llama", "mistral", "qwen", "vicuna");
    private static final List<String> SPLITS = List.of("train", "validation", "test");

    @TempDir
    static Path tmp;

    private SampleGold gold;
    private final Map<String, List<Outputs.Row>> rows = new HashMap<>();
    private final Map<String, JsonNode> summaries = new HashMap<>();

    @BeforeAll
    void labelTheSampleFourWays() throws Exception {
        gold = SampleGold.read();
        for (String profile : List.of("panel-skewed", "panel-equal")) {
            Path cache = tmp.resolve("cache-" + profile);
            Path majority = config(profile, "majority", cache);
            try (EmbeddedSimulator simulator =
                    EmbeddedSimulator.start(ConfigLoader.load(majority).simulator())) {
                for (String aggregation : List.of("majority", "dawid-skene")) {
                    Path out = tmp.resolve(profile + "-" + aggregation);
                    assertEquals(
                            PipelineResult.State.DONE,
                            RunFixture.runInProcess(
                                    config(profile, aggregation, cache), out, "use", simulator.baseUrl()));
                    rows.put(profile + "/" + aggregation, Outputs.readAll(out));
                    summaries.put(
                            profile + "/" + aggregation,
                            new ObjectMapper()
                                    .readTree(out.resolve("run-summary.json").toFile()));
                }
            }
        }
        System.out.println(table("panel-skewed") + table("panel-equal"));
    }

    private static Path config(String profile, String aggregation, Path cache) throws Exception {
        String yaml = Files.readString(RunFixture.ROOT.resolve("configs/sample.yaml"))
                .replace("../sample-data/", RunFixture.ROOT.resolve("sample-data") + "/")
                .replace(
                        "profile: simulator/panel-default.yaml",
                        "profile: " + RunFixture.ROOT.resolve("configs/simulator/" + profile + ".yaml"))
                .replace("latency_scale: 0.05", "latency_scale: 0")
                .replace("dir: ../out/cache", "dir: " + cache)
                .replace("aggregation: majority", "aggregation: " + aggregation);
        Path config = tmp.resolve(profile + "-" + aggregation + ".yaml");
        Files.writeString(config, yaml);
        return config;
    }

    @Test
    void dawidSkeneBeatsTheMajorityWithAStrongAndABiasedModelOnThePanel() {
        double majority = accuracy(rows.get("panel-skewed/majority"), null);
        double dawidSkene = accuracy(rows.get("panel-skewed/dawid-skene"), null);
        assertTrue(dawidSkene > majority, "dawid-skene " + dawidSkene + " vs majority " + majority);
        assertTrue(rows.get("panel-skewed/dawid-skene").stream()
                .anyMatch(r -> "dawid-skene".equals(r.get("label_source"))));
    }

    @Test
    void estimatedAccuraciesAreWithinThreeHundredthsOfTheAnswersActualAccuracy() {
        JsonNode labelers = summaries
                .get("panel-skewed/dawid-skene")
                .path(PanelStatistics.DAWID_SKENE)
                .path("labelers");
        Map<String, int[]> actual = new HashMap<>();
        for (Outputs.Row row : rows.get("panel-skewed/dawid-skene")) {
            String truth = gold.of(row);
            for (GenericRecord vote : votes(row).subList(0, PANEL.size())) {
                if (vote.get("label") != null) {
                    int[] c = actual.computeIfAbsent(vote.get("labeler").toString(), k -> new int[2]);
                    c[truth.equals(vote.get("label").toString()) ? 0 : 1]++;
                }
            }
        }
        StringBuilder table =
                new StringBuilder("| panel labeler | estimated accuracy | measured accuracy |\n| --- | --- | --- |\n");
        for (String labeler : PANEL) {
            double estimated = labelers.path(labeler).path("accuracy").asDouble(Double.NaN);
            double measured = share(actual.get(labeler));
            table.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f |%n", labeler, estimated, measured));
            assertEquals(measured, estimated, 0.03, labeler);
        }
        System.out.println(table);
    }

    @Test
    void withFourEqualModelsDawidSkeneAgreesWithTheMajority() {
        Map<String, String> majority = new HashMap<>();
        for (Outputs.Row row : rows.get("panel-equal/majority")) {
            majority.put(row.get("item_id"), row.get("stage1_label"));
        }
        int compared = 0;
        int agreed = 0;
        for (Outputs.Row row : rows.get("panel-equal/dawid-skene")) {
            String label = majority.get(row.get("item_id"));
            if (label != null) {
                compared++;
                agreed += label.equals(argmax(row)) ? 1 : 0;
            }
        }
        assertTrue(compared > 700, "items with a majority: " + compared);
        assertTrue(agreed >= 0.99 * compared, agreed + " of " + compared + " agree");
    }

    @Test
    void everyRowHasProbabilitiesThatSumToOneAndItsConfidenceIsTheLargest() {
        for (String run : rows.keySet()) {
            for (Outputs.Row row : rows.get(run)) {
                @SuppressWarnings("unchecked")
                List<Double> probs = (List<Double>) row.record().get("label_probs");
                if (probs == null) {
                    // Only majority mode leaves them out, and only for items without a valid panel vote.
                    assertTrue(run.endsWith("/majority"), run);
                    assertTrue(votes(row).subList(0, PANEL.size()).stream().allMatch(v -> v.get("label") == null));
                    continue;
                }
                assertEquals(2, probs.size());
                assertEquals(1.0, probs.get(0) + probs.get(1), 1e-9, run);
                assertEquals(
                        Math.max(probs.get(0), probs.get(1)),
                        (Double) row.record().get("confidence"),
                        1e-12,
                        run);
            }
        }
    }

    @Test
    void theSummaryHasAgreementPerGranularityAndSplitAndAKappaMatrix() {
        JsonNode agreement = summaries.get("panel-skewed/majority").path(PanelStatistics.AGREEMENT);
        for (String g : List.of("utterance", "context")) {
            for (String split : SPLITS) {
                JsonNode node = agreement.path(g).path(split);
                assertTrue(node.path("items").asLong() > 0, g + "/" + split);
                assertTrue(
                        node.path("fleiss_kappa").isNumber()
                                && node.path("krippendorff_alpha").isNumber(),
                        g + "/" + split);
            }
        }
        JsonNode kappa = agreement.path("cohen_kappa");
        assertEquals(1.0, kappa.path("llama").path("llama").asDouble());
        assertEquals(
                kappa.path("llama").path("vicuna").asDouble(),
                kappa.path("vicuna").path("llama").asDouble());
        assertTrue(kappa.path("calibrator").path("llama").isNumber());
    }

    private double accuracy(List<Outputs.Row> run, String split) {
        int[] c = new int[2];
        for (Outputs.Row row : run) {
            if (split == null || split.equals(row.get("split"))) {
                String truth = gold.of(row);
                assertNotNull(truth, "the gold set covers every sample item: " + row.get("text"));
                c[truth.equals(row.get("label")) ? 0 : 1]++;
            }
        }
        return share(c);
    }

    private String table(String profile) {
        StringBuilder out = new StringBuilder(
                "\n" + profile
                        + "\n| aggregation | train | validation | test | all | filled | calls/item |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        for (String aggregation : List.of("majority", "dawid-skene")) {
            List<Outputs.Row> run = rows.get(profile + "/" + aggregation);
            Map<String, String> cells = new LinkedHashMap<>();
            for (String split : SPLITS) {
                cells.put(split, String.format(Locale.ROOT, "%.3f", accuracy(run, split)));
            }
            long filled =
                    run.stream().filter(r -> r.get("stage1_label") == null).count();
            long calls = 0;
            JsonNode usage = summaries.get(profile + "/" + aggregation).path("usage");
            for (var stages = usage.fields(); stages.hasNext(); ) {
                for (var labelers = stages.next().getValue().fields(); labelers.hasNext(); ) {
                    calls += labelers.next().getValue().path("answers").asLong();
                }
            }
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %.3f | %d of %d | %.2f |%n",
                    aggregation,
                    cells.get("train"),
                    cells.get("validation"),
                    cells.get("test"),
                    accuracy(run, null),
                    filled,
                    run.size(),
                    (double) calls / run.size()));
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<GenericRecord> votes(Outputs.Row row) {
        return (List<GenericRecord>) row.record().get("votes");
    }

    private static String argmax(Outputs.Row row) {
        @SuppressWarnings("unchecked")
        List<Double> probs = (List<Double>) row.record().get("label_probs");
        return probs.get(0) >= probs.get(1) ? "NSFW" : "SFW";
    }

    private static double share(int[] c) {
        return (double) c[0] / (c[0] + c[1]);
    }
}
