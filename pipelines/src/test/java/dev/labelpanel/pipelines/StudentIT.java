package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.pipelines.config.ConfigLoader;
import dev.labelpanel.pipelines.config.RunConfig;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.EmbeddedSimulator;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.pipelines.student.ClassifyDialogues;
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

/**
 * The distillation loop on the sample (SIMULATION: labels from the simulator over real HTTP): {@code train} on the
 * labeled output, its metrics recomputed from the written test predictions and the Parquet, the student against
 * the majority-class baseline, the same seed giving the same metrics, and {@code classify} on the sample
 * dialogues giving one prediction per item and the same dead letters as the run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StudentIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private Path config;
    private Path out;
    private JsonNode metrics;

    @BeforeAll
    void labelAndTrain() throws Exception {
        config = SampleConfigs.faultFree(tmp);
        out = tmp.resolve("out");
        RunConfig loaded = ConfigLoader.load(config);
        try (EmbeddedSimulator simulator = EmbeddedSimulator.start(loaded.simulator())) {
            assertEquals(PipelineResult.State.DONE, RunFixture.runInProcess(config, out, "use", simulator.baseUrl()));
        }
        TrainStudents.run(out, 7, line -> {});
        metrics = JSON.readTree(out.resolve("student/metrics.json").toFile());
    }

    @Test
    void metricsAreThoseOfTheWrittenPredictionsOnTheTestSplit() throws Exception {
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

    @Test
    void theStudentBeatsTheMajorityClassByAClearMargin() {
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
                    g + ": accuracy " + test.get("accuracy") + " vs majority " + baseline);
        }
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
        assertEquals(metrics, JSON.readTree(copy.resolve("student/metrics.json").toFile()));
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
