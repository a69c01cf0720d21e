package dev.labelpanel.simulator.profile;

import java.util.Map;

/**
 * P(answer = column | truth = row) over a label set. Built from a full matrix, or from per-class accuracies with
 * the error mass spread evenly over the other labels.
 */
public final class ConfusionMatrix {
    private final LabelSet labels;
    private final double[][] rows;

    private ConfusionMatrix(LabelSet labels, double[][] rows) {
        this.labels = labels;
        this.rows = rows;
    }

    static ConfusionMatrix fromRows(String field, LabelSet labels, Map<String, Map<String, Double>> matrix) {
        double[][] rows = new double[labels.size()][labels.size()];
        matrix.keySet().forEach(truth -> requireLabel(field, labels, truth));
        for (String truth : labels.names()) {
            Map<String, Double> row = matrix.get(truth);
            if (row == null) {
                throw new ProfileException(
                        field + " has no row for label '" + truth + "'; it needs one per label " + labels.names());
            }
            double sum = 0;
            for (Map.Entry<String, Double> cell : row.entrySet()) {
                requireLabel(field + "." + truth, labels, cell.getKey());
                double p = Checks.probability(field + "." + truth + "." + cell.getKey(), cell.getValue());
                rows[labels.indexOf(truth)][labels.indexOf(cell.getKey())] = p;
                sum += p;
            }
            if (Math.abs(sum - 1.0) > 1e-6) {
                throw new ProfileException(field + "." + truth + " must add up to 1 but adds up to " + sum);
            }
        }
        return new ConfusionMatrix(labels, rows);
    }

    static ConfusionMatrix fromAccuracies(String field, LabelSet labels, double accuracy, Map<String, Double> byLabel) {
        byLabel.keySet().forEach(label -> requireLabel(field, labels, label));
        int n = labels.size();
        double[][] rows = new double[n][n];
        for (int i = 0; i < n; i++) {
            String truth = labels.get(i);
            double p = Checks.probability(field + "." + truth, byLabel.getOrDefault(truth, accuracy));
            for (int j = 0; j < n; j++) {
                rows[i][j] = i == j ? p : (1 - p) / (n - 1);
            }
        }
        return new ConfusionMatrix(labels, rows);
    }

    private static void requireLabel(String field, LabelSet labels, String label) {
        if (!labels.contains(label)) {
            throw new ProfileException(field + " names unknown label '" + label + "'; labels are " + labels.names());
        }
    }

    /** P(answer | truth). */
    public double probability(String truth, String answer) {
        return rows[labels.indexOf(truth)][labels.indexOf(answer)];
    }

    /** The answer for a uniform draw {@code u} in [0, 1) given the true label. */
    public String answerFor(String truth, double u) {
        double[] row = rows[labels.indexOf(truth)];
        double cumulative = 0;
        for (int j = 0; j < row.length; j++) {
            cumulative += row[j];
            if (u < cumulative) {
                return labels.get(j);
            }
        }
        return truth;
    }
}
