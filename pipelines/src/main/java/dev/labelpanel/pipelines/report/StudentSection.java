package dev.labelpanel.pipelines.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.pipelines.student.StudentSummary;
import dev.labelpanel.pipelines.student.TrainStudents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The student classifier that {@code labelpanel train} wrote into the folder ({@code student/metrics.json}): each
 * variant's test metrics beside the majority-class baseline, and the published CensorChat figures for scale.
 */
final class StudentSection {
    private final JsonNode metrics;

    private StudentSection(JsonNode metrics) {
        this.metrics = metrics;
    }

    /** The section of {@code dir}'s student metrics; null when no student was trained there. */
    static StudentSection of(Path dir) throws IOException {
        Path file = dir.resolve(TrainStudents.FOLDER).resolve(TrainStudents.METRICS_FILE);
        return Files.isRegularFile(file) ? new StudentSection(new ObjectMapper().readTree(file.toFile())) : null;
    }

    void render(StringBuilder s) {
        s.append("<h2 id=\"student\">Student classifier</h2>\n");
        s.append(Html.note("A linear classifier (" + metrics.path("model").asText() + "; "
                + metrics.path("features").path("kinds").asText() + ") trained by labelpanel train on the train split,"
                + " selected on validation and scored on the calibrated test split (seed "
                + metrics.path("seed").asText() + ")."));
        List<String> labels = new ArrayList<>();
        List<List<?>> rows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> g =
                        metrics.path("granularities").fields();
                g.hasNext(); ) {
            Map.Entry<String, JsonNode> granularity = g.next();
            JsonNode gm = granularity.getValue();
            for (Iterator<Map.Entry<String, JsonNode>> v = gm.path("variants").fields(); v.hasNext(); ) {
                Map.Entry<String, JsonNode> variant = v.next();
                JsonNode test = variant.getValue().path("test");
                List<Object> row = new ArrayList<>(List.of(
                        granularity.getKey(),
                        variant.getKey(),
                        test.path("items").asLong(),
                        fraction(test.path("accuracy")),
                        fraction(gm.path("majority_baseline").path("test_accuracy")),
                        fraction(test.path("macro_f1")),
                        fraction(variant.getValue().path("test_panel_agreement"))));
                for (Iterator<Map.Entry<String, JsonNode>> l =
                                test.path("per_label").fields();
                        l.hasNext(); ) {
                    Map.Entry<String, JsonNode> label = l.next();
                    if (rows.isEmpty()) {
                        labels.add(label.getKey());
                    }
                    JsonNode m = label.getValue();
                    row.add(fraction(m.path("precision")) + " / " + fraction(m.path("recall")) + " / "
                            + fraction(m.path("f1")));
                }
                rows.add(row);
            }
        }
        List<String> header = new ArrayList<>(List.of(
                "granularity",
                "variant",
                "test items",
                "accuracy",
                "majority baseline",
                "macro-F1",
                "agreement with panel vote"));
        labels.forEach(l -> header.add(l + " precision / recall / F1"));
        s.append(Html.table(header, rows));
        s.append(Html.note("For scale: " + StudentSummary.PAPER_FIGURES));
    }

    private static String fraction(JsonNode value) {
        return value.isNumber() ? String.format("%.3f", value.asDouble()) : "n/a";
    }
}
