package dev.labelpanel.pipelines.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;

/**
 * One labeler's answers as the output's rows record them ({@code votes}, and the calibrator's {@code calibration}
 * answers): labels given, no-votes by reason, and the latency of the answers that were not served by the cache.
 */
final class LabelerStats {
    private final String name;
    private String model;
    private final Map<String, Long> labels = new TreeMap<>();
    private final Map<String, Long> noVotes = new TreeMap<>();
    private final List<Long> latencies = new ArrayList<>();
    private long cached;
    private boolean sorted;
    /** Per bin of stated probability: how many (vote, label) pairs, their summed probability, how many were final. */
    private final long[] statedPairs = new long[CALIBRATION_BINS];

    private final double[] statedSum = new double[CALIBRATION_BINS];
    private final long[] statedFinal = new long[CALIBRATION_BINS];

    static final int CALIBRATION_BINS = 10;
    /** A calibration bin with fewer pairs than this is left out of the curve. */
    static final int MIN_BIN_PAIRS = 5;

    LabelerStats(String name) {
        this.name = name;
    }

    /** Counts one answer: a {@code Vote} record. */
    void add(GenericRecord vote) {
        model = Rows.text(vote, "model");
        String label = Rows.text(vote, "label");
        if (label != null) {
            labels.merge(label, 1L, Long::sum);
        } else {
            noVotes.merge(reasonCategory(Rows.text(vote, "no_vote_reason")), 1L, Long::sum);
        }
        if (Boolean.TRUE.equals(Rows.value(vote, "cached"))) {
            cached++;
        } else if (Rows.value(vote, "latency_ms") instanceof Long ms) {
            latencies.add(ms);
            sorted = false;
        }
    }

    /**
     * Counts a vote's stated probabilities ({@code label_probs}, when it has them) against the row's final label
     * ({@code finalLabelId}, its index in the label set; null for an unlabeled row): each label's probability is one
     * point of the calibration curve, a hit when the label is the final one.
     */
    void stated(GenericRecord vote, Integer finalLabelId) {
        List<Object> probs = Rows.list(vote, "label_probs");
        if (finalLabelId == null || probs.isEmpty()) {
            return;
        }
        for (int k = 0; k < probs.size(); k++) {
            double p = ((Number) probs.get(k)).doubleValue();
            int bin = Math.max(0, Math.min(CALIBRATION_BINS - 1, (int) (p * CALIBRATION_BINS)));
            statedPairs[bin]++;
            statedSum[bin] += p;
            statedFinal[bin] += k == finalLabelId ? 1 : 0;
        }
    }

    /**
     * The calibration curve: per bin of stated probability with at least {@link #MIN_BIN_PAIRS} pairs, {mean stated
     * probability, share that is the final label}; empty when the votes stated none.
     */
    List<double[]> calibration() {
        List<double[]> points = new ArrayList<>();
        for (int bin = 0; bin < CALIBRATION_BINS; bin++) {
            if (statedPairs[bin] >= MIN_BIN_PAIRS) {
                points.add(
                        new double[] {statedSum[bin] / statedPairs[bin], (double) statedFinal[bin] / statedPairs[bin]});
            }
        }
        return points;
    }

    /** {@code call-failed: HTTP 500 …} counts as {@code call-failed}: the category, not each message. */
    static String reasonCategory(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unknown";
        }
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }

    String name() {
        return name;
    }

    String model() {
        return model;
    }

    Map<String, Long> labels() {
        return labels;
    }

    Map<String, Long> noVotes() {
        return noVotes;
    }

    long answers() {
        return labels.values().stream().mapToLong(Long::longValue).sum()
                + noVotes.values().stream().mapToLong(Long::longValue).sum();
    }

    long cached() {
        return cached;
    }

    long timed() {
        return latencies.size();
    }

    /** The {@code p}-th percentile (0 < p ≤ 100, nearest rank) of the latencies in ms; -1 without any. */
    long latencyPercentile(double p) {
        if (latencies.isEmpty()) {
            return -1;
        }
        if (!sorted) {
            Collections.sort(latencies);
            sorted = true;
        }
        int rank = (int) Math.ceil(p / 100.0 * latencies.size());
        return latencies.get(Math.max(0, Math.min(latencies.size() - 1, rank - 1)));
    }
}
