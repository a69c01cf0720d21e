package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.pipelines.config.ConfigLoader;
import dev.labelpanel.pipelines.config.RunConfig;
import dev.labelpanel.pipelines.report.OutputReport;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.EmbeddedSimulator;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.pipelines.student.ClassifyDialogues;
import dev.labelpanel.pipelines.student.StudentSummary;
import dev.labelpanel.pipelines.student.TrainStudents;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The distillation loop on the sample and on a slice of the CensorChat pools (SIMULATION: labels from the simulator
 * over real HTTP): {@code train} on the
 * labeled output, its metrics recomputed from the written test predictions and the Parquet, the student against
 * the majority-class baseline, the same seed giving the same metrics, and {@code classify} on the sample
 * dialogues giving one prediction per item and the same dead letters as the run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StudentIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    /** The CensorChat pools, read in place; a slice of each is labeled and trained on too. */
    private static final Path POOLS = RunFixture.POOLS;

    private Path config;
    private Path out;
    private JsonNode metrics;
    private Path poolOut;

    @BeforeAll
    void labelAndTrain() throws Exception {
        config = SampleConfigs.faultFree(tmp);
        out = tmp.resolve("out");
        labelAndTrain(config, out);
        metrics = metricsOf(out);
        poolOut = tmp.resolve("pool-out");
        labelAndTrain(poolSliceConfig(), poolOut);
    }

    private static void labelAndTrain(Path config, Path out) throws Exception {
        RunConfig loaded = ConfigLoader.load(config);
        try (EmbeddedSimulator simulator = EmbeddedSimulator.start(loaded.simulator())) {
            assertEquals(PipelineResult.State.DONE, RunFixture.runInProcess(config, out, "use", simulator.baseUrl()));
        }
        TrainStudents.run(out, 7, line -> {});
    }

    /**
     * The sample's fault-free config reading the first 1,500 utterance records and 700 pair records of the CensorChat
     * pools (copied into the test's temporary folder), which the simulator labels by its lexicon rule.
     */
    private Path poolSliceConfig() throws Exception {
        assertTrue(Files.isDirectory(POOLS), "the CensorChat pools live beside the project: " + POOLS);
        Path slice = Files.createDirectories(tmp.resolve("pool-slice"));
        for (Map.Entry<String, Integer> pool : Map.of(
                        "utterance_valid_test_set.json", 1_500, "ctx_valid_test_set.json", 700)
                .entrySet()) {
            JsonNode records = JSON.readTree(POOLS.resolve(pool.getKey()).toFile());
            List<JsonNode> first = new java.util.ArrayList<>();
            records.elements().forEachRemaining(r -> {
                if (first.size() < pool.getValue()) {
                    first.add(r);
                }
            });
            JSON.writeValue(slice.resolve(pool.getKey()).toFile(), first);
        }
        String sample = Files.readString(config);
        int from = sample.indexOf("  paths:\n");
        int to = sample.indexOf("  format:");
        Path poolConfig = tmp.resolve("pool-slice.yaml");
        Files.writeString(
                poolConfig, sample.substring(0, from) + "  paths: ['" + slice + "/*.json']\n" + sample.substring(to));
        return poolConfig;
    }

    private List<Path> outputs() {
        return List.of(out, poolOut);
    }

    private static JsonNode metricsOf(Path out) throws Exception {
        return JSON.readTree(out.resolve("student/metrics.json").toFile());
    }

    /** Checked on both outputs: the sample's and the pool slice's. */
    @ParameterizedTest
    @MethodSource("outputs")
    void metricsAreThoseOfTheWrittenPredictionsOnTheTestSplit(Path out) throws Exception {
        JsonNode metrics = metricsOf(out);
        for (Granularity g : Granularity.values()) {
            String name = g.wireName();
            Map<String, String> testLabels = Outputs.readAll(out.resolve(name)).stream()
                    .filter(r -> "test".equals(r.get("split"))
                            && r.get("label") != null
                            && !r.get("label").isEmpty())
                    .collect(Collectors.toMap(r -> r.get("item_id"), r -> r.get("label")));
            List<JsonNode> predictions =
                    Files.readAllLines(out.resolve("student").resolve(name).resolve(TrainStudents.PREDICTIONS_FILE))
                            .stream()
                            .map(StudentIT::parse)
                            .toList();
            assertEquals(testLabels.size(), predictions.size(), name + ": one prediction per labeled test item");
            long correct = 0;
            Map<String, long[]> nsfw = new HashMap<>();
            for (JsonNode p : predictions) {
                String label = testLabels.get(p.get("item_id").asText());
                assertEquals(label, p.get("label").asText(), "the teacher label next to the prediction is the file's");
                if (label.equals(p.get("predicted").asText())) {
                    correct++;
                }
                assertTrue(p.get("probability").asDouble() >= 0.5
                        && p.get("probability").asDouble() <= 1.0);
            }
            JsonNode hard = metrics.at("/granularities/" + name + "/variants/hard-labels/test");
            assertEquals(
                    (double) correct / predictions.size(), hard.get("accuracy").asDouble(), 1e-12, name);
            assertEquals(predictions.size(), hard.get("items").asLong());
            assertTrue(
                    Files.size(out.resolve("student").resolve(name).resolve("model.onnx")) > 0, "ONNX export written");
        }
    }

    @ParameterizedTest
    @MethodSource("outputs")
    void theStudentBeatsTheMajorityClassByAClearMargin(Path out) throws Exception {
        JsonNode metrics = metricsOf(out);
        for (Granularity g : Granularity.values()) {
            JsonNode m = metrics.at("/granularities/" + g.wireName());
            double baseline = m.at("/majority_baseline/test_accuracy").asDouble();
            JsonNode test = m.at("/variants/hard-labels/test");
            // The majority class has recall 0 on the rare label, so its macro-F1 is below 0.5.
            assertTrue(test.get("macro_f1").asDouble() >= 0.75, g + ": macro-F1 " + test.get("macro_f1"));
            assertTrue(
                    test.at("/per_label/NSFW/f1").asDouble() >= 0.6, g + ": NSFW F1 " + test.at("/per_label/NSFW/f1"));
            assertTrue(
                    test.get("accuracy").asDouble() >= baseline + 0.03,
                    out.getFileName() + " " + g + ": accuracy " + test.get("accuracy") + " vs majority " + baseline);
        }
    }

    @Test
    void bothVariantsAreTrainedAndTheReportShowsThem() throws Exception {
        // Every row has a confidence (majority mode: the vote share), so the confidence-weighted variant is trained.
        for (Granularity g : Granularity.values()) {
            JsonNode variants = metrics.at("/granularities/" + g.wireName() + "/variants");
            assertTrue(variants.has("hard-labels") && variants.has("confidence-weighted"), g + ": " + variants);
        }
        OutputReport.write(out);
        String report = Files.readString(out.resolve(OutputReport.REPORT_FILE));
        assertTrue(report.contains("<h2 id=\"student\">Student classifier</h2>"), "the report's student section");
        String accuracy = String.format(
                "%.3f",
                metrics.at("/granularities/context/variants/confidence-weighted/test/accuracy")
                        .asDouble());
        assertTrue(report.contains("<td>confidence-weighted</td><td class=\"n\">"), "a row per variant");
        assertTrue(report.contains("<td>" + accuracy + "</td>"), "the context student's accuracy " + accuracy);
        assertTrue(
                report.contains(StudentSummary.PAPER_FIGURES.replace("'", "&#39;")), "the paper's figures, for scale");
    }

    @Test
    void theSameSeedGivesTheSameMetrics() throws Exception {
        Path copy = tmp.resolve("again");
        for (Granularity g : Granularity.values()) {
            Files.createDirectories(copy.resolve(g.wireName()));
            try (var files = Files.list(out.resolve(g.wireName()))) {
                for (Path f :
                        files.filter(f -> f.toString().endsWith(".parquet")).toList()) {
                    Files.copy(f, copy.resolve(g.wireName()).resolve(f.getFileName()));
                }
            }
        }
        TrainStudents.run(copy, 7, line -> {});
        assertEquals(metrics, metricsOf(copy));
    }

    @Test
    void classifyGivesOnePredictionPerItemAndTheRunsDeadLetters() throws Exception {
        Path classified = tmp.resolve("classified");
        RunConfig loaded = ConfigLoader.load(config);
        ClassifyDialogues.Outcome o =
                ClassifyDialogues.run(LabelPanelPipeline.readDialogues(loaded), out.resolve("student"), classified);
        RunSummary summary = RunSummary.read(out.resolve("run-summary.json"));
        List<Outputs.Row> rows = Outputs.readAll(classified);
        for (Granularity g : Granularity.values()) {
            long emitted = summary.count(SummaryKey.itemsEmitted(g));
            assertEquals(
                    emitted,
                    rows.stream()
                            .filter(r -> g.wireName().equals(r.get("granularity")))
                            .count(),
                    g.wireName());
            assertEquals(emitted, o.itemsPerGranularity().get(g.wireName()));
        }
        assertTrue(rows.stream()
                .allMatch(r -> List.of("NSFW", "SFW").contains(r.get("predicted_label"))
                        && (Double) r.record().get("probability") >= 0.5));
        assertEquals(summary.count(SummaryKey.deadLetters()), o.deadLetters());
        assertEquals(
                summary.count(SummaryKey.deadLetters()),
                Files.readAllLines(classified.resolve("dead-letter/dead-letters-00000-of-00001.jsonl"))
                        .size());
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
