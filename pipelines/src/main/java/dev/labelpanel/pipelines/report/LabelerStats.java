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
