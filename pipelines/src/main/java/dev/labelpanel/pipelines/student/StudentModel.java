package dev.labelpanel.pipelines.student;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.pipelines.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

/**
 * A trained student for one granularity, as files in one folder: {@code model.tribuo} (Tribuo's protobuf model
 * file), {@code model.onnx} (the same model for ONNX runtimes; it takes the hashed feature vector) and
 * {@code student.json} (granularity, context turns, feature version).
 */
public final class StudentModel {
    public static final String MODEL_FILE = "model.tribuo";
    public static final String ONNX_FILE = "model.onnx";
    public static final String META_FILE = "student.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Model<Label> model;
    private final String granularity;
    private final int contextTurns;

    StudentModel(Model<Label> model, String granularity, int contextTurns) {
        this.model = model;
        this.granularity = granularity;
        this.contextTurns = contextTurns;
    }

    public String granularity() {
        return granularity;
    }

    public int contextTurns() {
        return contextTurns;
    }

    /** The predicted label and its probability. */
    public record Predicted(String label, double probability) {}

    /** Predicts one item; {@code context} is null for an utterance. */
    public Predicted predict(String role, String text, List<String> context) {
        Prediction<Label> p =
                model.predict(StudentFeatures.example(LabelFactory.UNKNOWN_LABEL, 1f, role, text, context));
        return new Predicted(p.getOutput().getLabel(), p.getOutput().getScore());
    }

    /** Writes the three files into {@code dir}. */
    void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        model.serializeToFile(dir.resolve(MODEL_FILE));
        if (model instanceof ONNXExportable onnx) {
            onnx.saveONNXModel("dev.labelpanel.student", 1, dir.resolve(ONNX_FILE));
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("granularity", granularity);
        meta.put("context_turns", contextTurns);
        meta.put("features_version", StudentFeatures.VERSION);
        meta.put("hash_buckets", StudentFeatures.BUCKETS);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(META_FILE).toFile(), meta);
    }

    /** Loads the student in {@code dir} (a folder {@code labelpanel train} wrote). */
    public static StudentModel load(Path dir) throws IOException {
        Path meta = dir.resolve(META_FILE);
        if (!Files.isRegularFile(meta) || !Files.isRegularFile(dir.resolve(MODEL_FILE))) {
            throw new ConfigException("no student model in " + dir + ": pass a folder labelpanel train wrote, e.g. "
                    + "OUT_DIR/student/utterance (it holds " + MODEL_FILE + " and " + META_FILE + ")");
        }
        JsonNode m = JSON.readTree(meta.toFile());
        if (m.path("features_version").asInt() != StudentFeatures.VERSION) {
            throw new ConfigException("the student in " + dir + " was trained on features version "
                    + m.path("features_version").asInt() + " but this labelpanel computes version "
                    + StudentFeatures.VERSION
                    + ": train it again with this version");
        }
        Model<?> loaded = Model.deserializeFromFile(dir.resolve(MODEL_FILE));
        if (!loaded.validate(Label.class)) {
            throw new ConfigException(dir.resolve(MODEL_FILE) + " is not a classification model");
        }
        return new StudentModel(
                loaded.castModel(Label.class),
                m.path("granularity").asText(),
                m.path("context_turns").asInt(1));
    }
}
