package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labelpanel.pipelines.config.ConfigLoader;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.EmbeddedSimulator;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.transforms.aggregate.DawidSkene;
import dev.labelpanel.transforms.aggregate.DawidSkeneModel;
import dev.labelpanel.transforms.aggregate.VotePattern;
import dev.labelpanel.transforms.summary.PanelStatistics;
import java.nio.file.Path;
import java.util.HashMap;
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
 * Dawid-Skene with and without the panel's log-probabilities, on the sample's JSON Lines dialogues labelled by the
 * simulator (SIMULATION) with configs/simulator/panel-skewed.yaml (one strong panel model, two average, one strongly
 * biased): with {@code logprobs: true} every panel vote carries its probability per label, Dawid-Skene takes them as
 * soft votes, and its stage-1 labels are at least as accurate against the sample's gold labels as with votes alone;
 * the run summary's {@code dawid_skene} section is the model that decided the labels, soft votes included.
 * Prints the figures BENCHMARKS.md shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogprobAggregationIT {
    private static final List<String> PANEL = List.of("llama", "mistral", "qwen", "vicuna");
    private static final List<String> LABELS = List.of("NSFW", "SFW");

    @TempDir
    static Path tmp;

    private SampleGold gold;
    private final Map<Boolean, List<Outputs.Row>> rows = new HashMap<>();

    @BeforeAll
    void labelTheSampleWithAndWithoutLogprobs() throws Exception {
        gold = SampleGold.read();
        Map<String, String> votesOnly = new HashMap<>(Map.of(
                "latency_scale: 0.05", "latency_scale: 0",
                "simulator/panel-default.yaml", "simulator/panel-skewed.yaml",
                "aggregation: majority", "aggregation: dawid-skene"));
        Map<String, String> soft = new HashMap<>(votesOnly);
        for (String model : List.of("sim-llama-7b", "sim-mistral-7b", "sim-qwen-7b", "sim-vicuna-7b")) {
            soft.put("model: " + model + ",", "model: " + model + ", logprobs: true,");
        }
        Path hardConfig = RunFixture.sampleConfig(tmp, "dialogues/*.jsonl", tmp.resolve("cache"), votesOnly);
        Path softConfig = RunFixture.sampleConfig(tmp, "dialogues/*.jsonl", tmp.resolve("cache"), soft);
        try (EmbeddedSimulator simulator =
                EmbeddedSimulator.start(ConfigLoader.load(hardConfig).simulator())) {
            for (boolean logprobs : List.of(false, true)) {
                Path out = tmp.resolve("logprobs-" + logprobs);
                assertEquals(
                        PipelineResult.State.DONE,
                        RunFixture.runInProcess(logprobs ? softConfig : hardConfig, out, "off", simulator.baseUrl()));
                rows.put(logprobs, Outputs.readAll(out));
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%n| panel-skewed, dawid-skene | stage-1 accuracy | final accuracy | filled |%n| --- | --- | --- | --- |%n"
                        + "| votes only | %.3f | %.3f | %d of %d |%n| votes + logprobs | %.3f | %.3f | %d of %d |%n",
                stage1Accuracy(rows.get(false)),
                finalAccuracy(rows.get(false)),
                filled(rows.get(false)),
                rows.get(false).size(),
                stage1Accuracy(rows.get(true)),
                finalAccuracy(rows.get(true)),
                filled(rows.get(true)),
                rows.get(true).size());
    }

    @Test
    void everyPanelVoteWithALabelHasProbabilitiesThatSumToOneOnlyWithLogprobs() {
        for (boolean logprobs : List.of(false, true)) {
            for (Outputs.Row row : rows.get(logprobs)) {
                for (GenericRecord vote : votes(row)) {
                    @SuppressWarnings("unchecked")
                    List<Double> probs = (List<Double>) vote.get("label_probs");
                    boolean panel = PANEL.contains(vote.get("labeler").toString());
                    if (!logprobs || !panel || vote.get("label") == null) {
                        assertEquals(null, probs, "only panel votes with logprobs: true have probabilities");
                        continue;
                    }
                    assertNotNull(probs, vote.toString());
                    assertEquals(1.0, probs.get(0) + probs.get(1), 1e-9);
                    int voted = vote.get("label").toString().equals("NSFW") ? 0 : 1;
                    assertTrue(probs.get(voted) >= 0.5, "the vote is the labeler's most probable label");
                }
            }
        }
    }

    @Test
    void softVotesAreAtLeastAsAccurateAsVotesAlone() {
        double hard = stage1Accuracy(rows.get(false));
        double soft = stage1Accuracy(rows.get(true));
        assertTrue(soft >= hard, "stage-1 accuracy with logprobs " + soft + " vs votes only " + hard);
    }

    @Test
    void theSummarysDawidSkeneIsTheModelThatDecidedTheLabels() throws Exception {
        // Refit from the rows' panel votes as labeling sees them (soft votes in confidence bins): that model gives
        // every row its label_probs, so it is the one that decided; the summary's section must be that model.
        List<Outputs.Row> soft = rows.get(true);
        Map<VotePattern, Long> counts = new HashMap<>();
        Map<Outputs.Row, VotePattern> patterns = new HashMap<>();
        for (Outputs.Row row : soft) {
            List<GenericRecord> panel = votes(row).subList(0, PANEL.size());
            VotePattern pattern = VotePattern.fromVotes(
                    panel.stream()
                            .map(v -> v.get("label") == null
                                    ? null
                                    : v.get("label").toString())
                            .toList(),
                    panel.stream().map(LogprobAggregationIT::labelProbs).toList(),
                    LABELS);
            patterns.put(row, pattern);
            counts.merge(pattern, 1L, Long::sum);
        }
        DawidSkeneModel decided = DawidSkene.create(LABELS.size()).fit(PANEL.size(), counts);
        assertTrue(decided.binned());
        for (Outputs.Row row : soft) {
            double[] stated = labelProbs(row.record()).stream()
                    .mapToDouble(Double::doubleValue)
                    .toArray();
            assertArrayEquals(decided.posterior(patterns.get(row)), stated, 1e-12, row.toString());
        }

        JsonNode ds = RunSummary.read(tmp.resolve("logprobs-true").resolve(LabelPanelPipeline.SUMMARY_FILE))
                .root()
                .path(PanelStatistics.DAWID_SKENE);
        assertEquals(soft.size(), ds.path("items").asLong());
        assertEquals(decided.iterations(), ds.path("iterations").asInt());
        assertEquals(decided.logLikelihood(), ds.path("log_likelihood").asDouble(), 0);
        for (int k = 0; k < LABELS.size(); k++) {
            assertEquals(
                    decided.priors()[k], ds.path("priors").path(LABELS.get(k)).asDouble(), 0);
        }
        for (int j = 0; j < PANEL.size(); j++) {
            JsonNode confusion = ds.path("labelers").path(PANEL.get(j)).path("confusion");
            for (int t = 0; t < LABELS.size(); t++) {
                for (int v = 0; v < LABELS.size(); v++) {
                    assertEquals(
                            decided.confusion(j)[t][v],
                            confusion.path(LABELS.get(t)).path(LABELS.get(v)).asDouble(),
                            0,
                            PANEL.get(j));
                }
            }
        }
        assertTrue(ds.path("soft_votes").asBoolean());
        JsonNode votesOnly = RunSummary.read(tmp.resolve("logprobs-false").resolve(LabelPanelPipeline.SUMMARY_FILE))
                .root()
                .path(PanelStatistics.DAWID_SKENE);
        assertFalse(votesOnly.path("soft_votes").asBoolean(true));
    }

    @SuppressWarnings("unchecked")
    private static List<Double> labelProbs(GenericRecord record) {
        return (List<Double>) record.get("label_probs");
    }

    /** The share of items whose Dawid-Skene posterior argmax (label_probs) is the gold label. */
    private double stage1Accuracy(List<Outputs.Row> run) {
        int right = 0;
        for (Outputs.Row row : run) {
            @SuppressWarnings("unchecked")
            List<Double> probs = (List<Double>) row.record().get("label_probs");
            right += (probs.get(0) >= probs.get(1) ? "NSFW" : "SFW").equals(gold.of(row)) ? 1 : 0;
        }
        return (double) right / run.size();
    }

    private double finalAccuracy(List<Outputs.Row> run) {
        return (double) run.stream()
                        .filter(r -> gold.of(r).equals(r.get("label")))
                        .count()
                / run.size();
    }

    private static long filled(List<Outputs.Row> run) {
        return run.stream().filter(r -> "filled".equals(r.get("label_source"))).count();
    }

    @SuppressWarnings("unchecked")
    private static List<GenericRecord> votes(Outputs.Row row) {
        return (List<GenericRecord>) row.record().get("votes");
    }
}
