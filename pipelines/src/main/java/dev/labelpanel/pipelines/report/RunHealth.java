package dev.labelpanel.pipelines.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.splits.Split;
import dev.labelpanel.transforms.summary.CallCount;
import dev.labelpanel.transforms.summary.LabelCounts;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Whether a finished run's calls went well enough to call it a success, read from its run summary: a line per
 * labeler whose calls failed (count and failure categories), a warning per labeler whose replies named a model other
 * than the configured one, and the verdict — the run fails when a labeler's failed calls reach
 * {@code limits.max_failed_call_share} of its answers or more than {@code limits.max_unlabeled_share} of the
 * items written have no label.
 */
public final class RunHealth {
    private final List<String> warnings = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    private RunHealth() {}

    /**
     * @param configuredModels labeler name → the model its config names
     */
    public static RunHealth check(
            RunSummary summary,
            Map<String, String> configuredModels,
            double maxFailedCallShare,
            double maxUnlabeledShare) {
        RunHealth health = new RunHealth();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        summary.node(SummaryKey.calls()).fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> labeler = it.next();
            health.checkLabeler(
                    summary,
                    labeler.getKey(),
                    labeler.getValue(),
                    configuredModels.get(labeler.getKey()),
                    maxFailedCallShare);
        }
        long labeled = 0;
        long unlabeled = 0;
        for (Granularity g : Granularity.values()) {
            for (Split split : Split.values()) {
                labeled += summary.count(SummaryKey.labelCounts(g, split));
                unlabeled += summary.count(SummaryKey.label(g, split, LabelCounts.UNLABELED));
            }
        }
        if (labeled > 0 && unlabeled > maxUnlabeledShare * labeled) {
            health.failures.add(String.format(
                    "%d of %d items (%.1f%%) got no label, more than limits.max_unlabeled_share %s",
                    unlabeled, labeled, 100.0 * unlabeled / labeled, maxUnlabeledShare));
        }
        return health;
    }

    private void checkLabeler(
            RunSummary summary, String labeler, JsonNode calls, String configured, double maxFailedCallShare) {
        long answers = CallCount.ANSWERS.in(calls);
        long failed = summary.count(SummaryKey.noVotes(labeler, "call-failed"));
        if (failed > 0) {
            String line = String.format(
                    "labeler %s: %d of %d calls failed (%s)",
                    labeler, failed, answers, join(summary.node(SummaryKey.failedCalls(labeler))));
            warnings.add(line);
            if (failed >= maxFailedCallShare * answers) {
                failures.add(line + ", at or above limits.max_failed_call_share " + maxFailedCallShare);
            }
        }
        if (configured == null) {
            return;
        }
        for (Iterator<String> it =
                        summary.node(SummaryKey.servedModels(labeler)).fieldNames();
                it.hasNext(); ) {
            String served = it.next();
            if (!served.equals(configured.replace('/', '_'))) {
                warnings.add(String.format(
                        "labeler %s: configured model '%s' but the endpoint answered as '%s' (%d answers); check the model"
                                + " name, or that the server loaded the model you meant",
                        labeler, configured, served, summary.count(SummaryKey.servedModel(labeler, served))));
            }
        }
    }

    private static String join(JsonNode counts) {
        List<String> parts = new ArrayList<>();
        counts.fields()
                .forEachRemaining(e -> parts.add(e.getKey() + " " + e.getValue().asLong()));
        return String.join(", ", parts);
    }

    /** Lines for stderr: failed calls and served-model mismatches, each once per labeler. */
    public List<String> warnings() {
        return warnings;
    }

    /** Why the run counts as failed; empty when it passed. */
    public List<String> failures() {
        return failures;
    }

    public boolean failed() {
        return !failures.isEmpty();
    }
}
