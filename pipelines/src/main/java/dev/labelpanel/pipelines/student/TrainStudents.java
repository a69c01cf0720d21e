package dev.labelpanel.pipelines.student;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.pipelines.config.ConfigException;
import dev.labelpanel.pipelines.student.LabeledRows.Row;
import dev.labelpanel.pipelines.student.StudentTrainer.Outcome;
import dev.labelpanel.pipelines.student.StudentTrainer.TestPrediction;
import dev.labelpanel.transforms.extract.Granularity;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code labelpanel train OUT_DIR}: a student per granularity that has labeled rows, written under
 * {@code OUT_DIR/student/}: the model folder per granularity ({@link StudentModel}), its test predictions
 * ({@code test-predictions.jsonl}) and {@code metrics.json} for all of them. When the rows carry a
 * {@code confidence} column, a second variant weighted by it is trained and scored too
 * ({@code <granularity>/confidence-weighted/}).
 */
public final class TrainStudents {
    public static final String FOLDER = "student";
    public static final String METRICS_FILE = "metrics.json";
    public static final String PREDICTIONS_FILE = "test-predictions.jsonl";
    static final String WEIGHTED = "confidence-weighted";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainStudents() {}

    /** Trains, writes the files and returns the metrics as written; {@code progress} gets one line per step. */
    public static Map<String, Object> run(Path outDir, long seed, Consumer<String> progress) throws IOException {
        if (!Files.isDirectory(outDir)) {
            throw new ConfigException(
                    "output folder " + outDir + " does not exist: pass the folder a run wrote (its --out)");
        }
        Map<String, Object> granularities = new LinkedHashMap<>();
        for (Granularity g : Granularity.values()) {
            String name = g.wireName();
            List<Row> train = LabeledRows.read(outDir, name, "train");
            List<Row> validation = LabeledRows.read(outDir, name, "validation");
            List<Row> test = LabeledRows.read(outDir, name, "test");
            if (train.isEmpty() || test.isEmpty()) {
                continue;
            }
            progress.accept(String.format(
                    "training %s: %d train, %d validation, %d test items",
                    name, train.size(), validation.size(), test.size()));
            StudentTrainer trainer = new StudentTrainer(seed);
            Map<String, Object> variants = new LinkedHashMap<>();
            Outcome hard = trainer.train(name, train, validation, test, r -> 1.0);
            Path dir = outDir.resolve(FOLDER).resolve(name);
            hard.model().save(dir);
            writePredictions(dir.resolve(PREDICTIONS_FILE), hard.test());
            variants.put("hard-labels", variantJson(hard));
            if (train.stream().allMatch(r -> r.confidence() != null)) {
                progress.accept("training " + name + " weighted by confidence");
                Outcome weighted = trainer.train(name, train, validation, test, Row::confidence);
                weighted.model().save(dir.resolve(WEIGHTED));
                writePredictions(dir.resolve(WEIGHTED).resolve(PREDICTIONS_FILE), weighted.test());
                variants.put(WEIGHTED, variantJson(weighted));
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("rows", Map.of("train", train.size(), "validation", validation.size(), "test", test.size()));
            json.put("majority_baseline", majority(train, test));
            json.put("model", outDir.relativize(dir).toString());
            json.put("variants", variants);
            granularities.put(name, json);
        }
        if (granularities.isEmpty()) {
            throw new ConfigException(
                    "no labeled train and test rows under " + outDir + ": train needs the output of a "
                            + "run with labelers (utterance/ or context/ with train-*.parquet and test-*.parquet files)");
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("seed", seed);
        metrics.put(
                "features",
                Map.of(
                        "version",
                        StudentFeatures.VERSION,
                        "hash_buckets",
                        StudentFeatures.BUCKETS,
                        "kinds",
                        "word 1-2-grams, character 3-5-grams; context items: reply and context turns apart"));
        metrics.put("model", "Tribuo LinearSGDTrainer, LogMulticlass (logistic regression), AdaGrad");
        metrics.put("granularities", granularities);
        Files.createDirectories(outDir.resolve(FOLDER));
        JSON.writerWithDefaultPrettyPrinter()
                .writeValue(outDir.resolve(FOLDER).resolve(METRICS_FILE).toFile(), metrics);
        return metrics;
    }

    private static Map<String, Object> variantJson(Outcome o) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(
                "selected",
                Map.of(
                        "epochs",
                        o.chosen().epochs(),
                        "learning_rate",
                        o.chosen().learningRate(),
                        "balanced",
                        o.chosen().balanced()));
        List<Map<String, Object>> grid = new ArrayList<>();
        o.validationMacroF1()
                .forEach((s, f1) -> grid.add(Map.of(
                        "epochs",
                        s.epochs(),
                        "learning_rate",
                        s.learningRate(),
                        "balanced",
                        s.balanced(),
                        "validation_macro_f1",
                        f1)));
        v.put("grid", grid);
        List<String> label = o.test().stream().map(TestPrediction::label).toList();
        List<String> predicted =
                o.test().stream().map(TestPrediction::predicted).toList();
        v.put("test", Scores.of(label, predicted).toJson());
        List<TestPrediction> withPanel = o.test().stream()
                .filter(p -> p.panelLabel() != null && !p.panelLabel().isEmpty())
                .toList();
        long agree = withPanel.stream()
                .filter(p -> p.panelLabel().equals(p.predicted()))
                .count();
        v.put("test_panel_agreement", withPanel.isEmpty() ? null : (double) agree / withPanel.size());
        return v;
    }

    /** The most frequent train label, and its accuracy on test. */
    private static Map<String, Object> majority(List<Row> train, List<Row> test) {
        Map<String, Long> counts = new TreeMap<>();
        train.forEach(r -> counts.merge(r.label(), 1L, Long::sum));
        String top = counts.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
        double accuracy =
                (double) test.stream().filter(r -> r.label().equals(top)).count() / test.size();
        return Map.of("label", top, "test_accuracy", accuracy);
    }

    private static void writePredictions(Path file, List<TestPrediction> predictions) throws IOException {
        Files.createDirectories(file.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (TestPrediction p : predictions) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("item_id", p.itemId());
                line.put("label", p.label());
                line.put("stage1_label", p.panelLabel());
                line.put("predicted", p.predicted());
                line.put("probability", p.probability());
                w.write(JSON.writeValueAsString(line));
                w.newLine();
            }
        }
    }
}
