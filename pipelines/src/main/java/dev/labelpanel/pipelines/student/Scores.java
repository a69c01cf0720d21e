package dev.labelpanel.pipelines.student;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Accuracy, per-label precision/recall/F1, macro-F1 and the confusion matrix of predictions against reference
 * labels, counted from the (reference, predicted) pairs alone.
 */
public record Scores(
        long n,
        double accuracy,
        double macroF1,
        Map<String, Map<String, Double>> perLabel,
        List<String> labels,
        long[][] confusion) {

    /** Scores of {@code predicted.get(i)} against {@code reference.get(i)}; labels are the union of both, sorted. */
    public static Scores of(List<String> reference, List<String> predicted) {
        TreeSet<String> labelSet = new TreeSet<>(reference);
        labelSet.addAll(predicted);
        List<String> labels = new ArrayList<>(labelSet);
        long[][] confusion = new long[labels.size()][labels.size()];
        long correct = 0;
        for (int i = 0; i < reference.size(); i++) {
            confusion[labels.indexOf(reference.get(i))][labels.indexOf(predicted.get(i))]++;
            if (reference.get(i).equals(predicted.get(i))) {
                correct++;
            }
        }
        Map<String, Map<String, Double>> perLabel = new LinkedHashMap<>();
        double f1Sum = 0;
        for (int k = 0; k < labels.size(); k++) {
            long tp = confusion[k][k];
            long predictedK = 0;
            long actualK = 0;
            for (int j = 0; j < labels.size(); j++) {
                predictedK += confusion[j][k];
                actualK += confusion[k][j];
            }
            double precision = predictedK == 0 ? 0 : (double) tp / predictedK;
            double recall = actualK == 0 ? 0 : (double) tp / actualK;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            f1Sum += f1;
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("precision", precision);
            m.put("recall", recall);
            m.put("f1", f1);
            m.put("support", (double) actualK);
            perLabel.put(labels.get(k), m);
        }
        int n = reference.size();
        return new Scores(
                n,
                n == 0 ? 0 : (double) correct / n,
                labels.isEmpty() ? 0 : f1Sum / labels.size(),
                perLabel,
                labels,
                confusion);
    }

    /** As JSON-ready maps: the confusion matrix as {@code {reference: {predicted: count}}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("items", n);
        json.put("accuracy", accuracy);
        json.put("macro_f1", macroF1);
        json.put("per_label", perLabel);
        Map<String, Map<String, Long>> matrix = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            Map<String, Long> row = new LinkedHashMap<>();
            for (int j = 0; j < labels.size(); j++) {
                row.put(labels.get(j), confusion[i][j]);
            }
            matrix.put(labels.get(i), row);
        }
        json.put("confusion_matrix", matrix);
        return json;
    }
}
