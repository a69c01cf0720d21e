package dev.labelpanel.transforms.label;

import dev.labelpanel.schemas.Calibration;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.vote.PanelVote;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Beam metrics of the LLM calls behind each labeled item, per labeler: answers, HTTP attempts, retries, deferred
 * calls, cache hits, tokens of paid (uncached) answers, failures by category and a latency distribution. Recorded on the DoFn thread when an item's result is
 * drained (metrics recorded on HTTP callback threads would be lost), from the votes the item carries.
 */
final class CallMetrics {
    private static final String NAMESPACE = LabelItems.class.getName();

    private final Map<String, Counter> counters = new HashMap<>();
    private final Map<String, Distribution> latencies = new HashMap<>();

    void record(LabeledItem item) {
        item.getVotes().forEach(this::record);
        Calibration calibration = item.getCalibration();
        if (calibration != null) {
            record(calibration.getFirstAnswer());
            if (calibration.getCritiqueAnswer() != null) {
                record(calibration.getCritiqueAnswer());
            }
        }
    }

    private void record(Vote vote) {
        String labeler = vote.getLabeler();
        if (PanelVote.isNotAsked(vote)) {
            counter(labeler, "notAsked").inc();
            return;
        }
        counter(labeler, "answers").inc();
        counter(labeler, "attempts").inc(vote.getAttempts());
        if (vote.getAttempts() > 1) {
            counter(labeler, "retries").inc(vote.getAttempts() - 1L);
        }
        if (vote.getCached()) {
            counter(labeler, "cacheHits").inc();
        } else {
            if (vote.getPromptTokens() != null) {
                counter(labeler, "promptTokens").inc(vote.getPromptTokens());
            }
            if (vote.getCompletionTokens() != null) {
                counter(labeler, "completionTokens").inc(vote.getCompletionTokens());
            }
        }
        String noVote = vote.getNoVoteReason();
        if (vote.getDeferred()) {
            counter(labeler, "deferred").inc();
        }
        if (noVote != null && noVote.startsWith("call-failed: ")) {
            counter(labeler, "failed_" + noVote.substring("call-failed: ".length()))
                    .inc();
        } else if (noVote != null) {
            counter(labeler, "noVote_" + noVote).inc();
        }
        if (vote.getLatencyMs() != null && !vote.getCached()) {
            latencies
                    .computeIfAbsent(labeler, l -> Metrics.distribution(NAMESPACE, l + ".latencyMs"))
                    .update(vote.getLatencyMs());
        }
    }

    private Counter counter(String labeler, String name) {
        return counters.computeIfAbsent(labeler + "." + name, n -> Metrics.counter(NAMESPACE, n));
    }
}
