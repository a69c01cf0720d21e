package dev.labelpanel.pipelines.student;

import java.nio.file.Path;
import java.util.Map;

/** The terminal summary of {@code labelpanel train}, from the metrics it wrote. */
public final class StudentSummary {
    /** CensorChat's published student figures, and why they are for scale only. */
    public static final String PAPER_FIGURES =
            "CensorChat's BERT student reports test accuracy 0.91, NSFW precision 0.59,"
                    + " recall 0.96, F1 0.73 on its own data and GPT teacher labels; these figures are on other data and"
                    + " another teacher, so they are not a like-for-like comparison.";

    private StudentSummary() {}

    @SuppressWarnings("unchecked")
    public static String format(Path outDir, Map<String, Object> metrics) {
        StringBuilder s = new StringBuilder("labelpanel train summary (")
                .append(outDir.toAbsolutePath().normalize())
                .append(")\n");
        Map<String, Object> granularities = (Map<String, Object>) metrics.get("granularities");
        granularities.forEach((name, value) -> {
            Map<String, Object> g = (Map<String, Object>) value;
            Map<String, Object> rows = (Map<String, Object>) g.get("rows");
            Map<String, Object> majority = (Map<String, Object>) g.get("majority_baseline");
            s.append(String.format(
                    "  %-9s train %d, validation %d, test %d; model %s%n",
                    name, rows.get("train"), rows.get("validation"), rows.get("test"), g.get("model")));
            ((Map<String, Object>) g.get("variants")).forEach((variant, v) -> {
                Map<String, Object> vm = (Map<String, Object>) v;
                Map<String, Object> selected = (Map<String, Object>) vm.get("selected");
                Map<String, Object> test = (Map<String, Object>) vm.get("test");
                s.append(String.format(
                        "    %-20s test accuracy %.3f (majority '%s' %.3f), macro-F1 %.3f; epochs %s, "
                                + "learning rate %s, balanced %s%n",
                        variant,
                        (Double) test.get("accuracy"),
                        majority.get("label"),
                        (Double) majority.get("test_accuracy"),
                        (Double) test.get("macro_f1"),
                        selected.get("epochs"),
                        selected.get("learning_rate"),
                        selected.get("balanced")));
                Map<String, Map<String, Double>> perLabel = (Map<String, Map<String, Double>>) test.get("per_label");
                perLabel.forEach((label, m) -> s.append(String.format(
                        "      %-18s precision %.3f recall %.3f F1 %.3f " + "(support %d)%n",
                        label,
                        m.get("precision"),
                        m.get("recall"),
                        m.get("f1"),
                        m.get("support").longValue())));
                if (vm.get("test_panel_agreement") != null) {
                    s.append(String.format(
                            "      agreement with the panel vote (stage 1) on test %.3f%n",
                            (Double) vm.get("test_panel_agreement")));
                }
            });
        });
        s.append("  for scale: ").append(PAPER_FIGURES).append('\n');
        s.append("  written: ")
                .append(outDir.resolve(TrainStudents.FOLDER).resolve(TrainStudents.METRICS_FILE))
                .append('\n');
        return s.toString();
    }
}
