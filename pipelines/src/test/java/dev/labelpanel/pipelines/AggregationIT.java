package dev.labelpanel.pipelines;

import static dev.labelpanel.pipelines.AggregationComparison.DAWID_SKENE;
import static dev.labelpanel.pipelines.AggregationComparison.MAJORITY;
import static dev.labelpanel.pipelines.AggregationComparison.PANEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.labelpanel.simulator.truth.TruthSource;
import dev.labelpanel.transforms.summary.PanelStatistics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aggregation: majority} against {@code dawid-skene} on the real CensorChat pools (../shared/data/censorchat,
 * read in place), labelled by the simulator (SIMULATION), whose truth there is its lexicon rule. With
 * configs/simulator/panel-skewed.yaml (one strong panel model, two average, one strongly biased) Dawid-Skene labels
 * more items right and estimates each panel model's accuracy within 0.03 of the share of its answers that are
 * right; with panel-equal.yaml (four equal, independent models) its posterior's argmax agrees with the majority
 * label on at least 99 % of the items that have one.
 *
 * <p>CI labels a slice, the first {@value #UTTERANCE_RECORDS} utterance and {@value #PAIR_RECORDS} pair records of
 * the pools (849 unique items); AggregationBenchmark labels both pools whole (18,067 items, the table in
 * BENCHMARKS.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregationIT {
    static final int UTTERANCE_RECORDS = 700;
    static final int PAIR_RECORDS = 150;
    private static final Path DATA = RunFixture.POOLS;
    private static final String UTTERANCES = "utterance_valid_test_set.json";
    private static final String PAIRS = "ctx_valid_test_set.json";

    @TempDir
    static Path tmp;

    private AggregationComparison skewed;
    private AggregationComparison equal;

    @BeforeAll
    void labelThePoolsFourWays() throws Exception {
        assumeTrue(
                Files.isDirectory(DATA),
                "skipped: the CensorChat pools are not at " + DATA + " (they live beside the project in ../shared)");
        String input = slice();
        skewed = AggregationComparison.run(tmp, "panel-skewed", input);
        equal = AggregationComparison.run(tmp, "panel-equal", input);
        System.out.println(skewed.report() + equal.report());
    }

    /** The first records of each pool, as the pools' own JSON arrays, in a folder of the test's. */
    private static String slice() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("pools-slice"));
        ObjectMapper json = new ObjectMapper();
        for (Map.Entry<String, Integer> pool :
                Map.of(UTTERANCES, UTTERANCE_RECORDS, PAIRS, PAIR_RECORDS).entrySet()) {
            ArrayNode all =
                    (ArrayNode) json.readTree(DATA.resolve(pool.getKey()).toFile());
            ArrayNode first = json.createArrayNode();
            for (int i = 0; i < pool.getValue(); i++) {
                first.add(all.get(i));
            }
            json.writeValue(dir.resolve(pool.getKey()).toFile(), first);
        }
        return dir + "/*.json";
    }

    @Test
    void dawidSkeneBeatsTheMajorityWithAStrongAndABiasedModelOnThePanel() {
        double majority = skewed.accuracy(MAJORITY, null);
        double dawidSkene = skewed.accuracy(DAWID_SKENE, null);
        assertTrue(dawidSkene > majority, "dawid-skene " + dawidSkene + " vs majority " + majority);
        assertTrue(skewed.rows(DAWID_SKENE).stream().anyMatch(r -> DAWID_SKENE.equals(r.get("label_source"))));
        // The truth here is the simulator's lexicon rule (the pools have no gold labels).
        assertTrue(
                skewed.rows(MAJORITY).stream().anyMatch(r -> skewed.truthOf(r).source() == TruthSource.LEXICON));
    }

    @Test
    void estimatedAccuraciesAreWithinThreeHundredthsOfTheAnswersActualAccuracy() {
        Map<String, Double> estimated = skewed.estimatedAccuracies();
        Map<String, Double> measured = skewed.measuredAccuracies();
        for (String labeler : PANEL) {
            assertEquals(measured.get(labeler), estimated.get(labeler), 0.03, labeler + "\n" + skewed.labelerTable());
        }
    }

    @Test
    void withFourEqualModelsDawidSkeneAgreesWithTheMajority() {
        long[] c = equal.argmaxAgreesWithMajority();
        assertTrue(c[0] > 0.75 * equal.rows(MAJORITY).size(), "items with a majority: " + c[0]);
        assertTrue(c[1] >= 0.99 * c[0], c[1] + " of " + c[0] + " agree");
    }

    @Test
    void everyRowHasProbabilitiesThatSumToOneAndItsConfidenceIsTheLargest() {
        for (AggregationComparison comparison : List.of(skewed, equal)) {
            for (String run : List.of(MAJORITY, DAWID_SKENE)) {
                for (Outputs.Row row : comparison.rows(run)) {
                    @SuppressWarnings("unchecked")
                    List<Double> probs = (List<Double>) row.record().get("label_probs");
                    if (probs == null) {
                        // Only majority mode leaves them out, and only for items without a valid panel vote.
                        assertEquals(MAJORITY, run);
                        assertTrue(AggregationComparison.votes(row).stream()
                                .noneMatch(v -> PANEL.contains(v.get("labeler").toString()) && v.get("label") != null));
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
    }

    @Test
    void theSummaryHasAgreementPerGranularityAndSplitAndAKappaMatrix() {
        JsonNode agreement = skewed.summary(MAJORITY).path(PanelStatistics.AGREEMENT);
        for (String g : List.of("utterance", "context")) {
            for (String split : AggregationComparison.SPLITS) {
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
}
