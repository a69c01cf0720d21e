package dev.labelpanel.transforms.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labelpanel.transforms.WireName;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.splits.Split;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.values.KV;

/**
 * The run summary's key scheme, in one place: every count a stage emits and every count a reader looks up is a
 * {@code SummaryKey} made by a factory here. A key is a path of parts; {@link SummarizeRun} nests the parts into
 * JSON objects ({@code items/utterance/written/train} becomes {@code {"items": {"utterance": {"written":
 * {"train": n}}}}}), and a key that stops at an object ({@code items/utterance/written}) names the sum of
 * everything under it. Free-text parts (labels, labeler names, stages, reasons) have any {@code /} replaced by
 * {@code _} so they stay one level. The per-labeler counts are named by {@link CallCount}, the labeling stages by
 * {@link UsageStage}. docs/run-summary.md describes the fields.
 */
public final class SummaryKey {
    private static final String SEPARATOR = "/";

    private final String path;

    private SummaryKey(String path) {
        this.path = path;
    }

    private static SummaryKey of(String... parts) {
        return new SummaryKey(String.join(SEPARATOR, parts));
    }

    private SummaryKey child(String... parts) {
        return new SummaryKey(path + SEPARATOR + String.join(SEPARATOR, parts));
    }

    /** A free-text part as one level of the path. */
    private static String free(String part) {
        return part.replace('/', '_');
    }

    /** The key as it travels in the run counts ({@code KV<path, n>}). */
    public String path() {
        return path;
    }

    /** The count {@code n} under this key, as a stage emits it. */
    public KV<String, Long> count(long n) {
        return KV.of(path, n);
    }

    /** The nesting of a count path {@link #path()} gave: its JSON object names, outermost first. */
    public static List<String> parts(String path) {
        return Arrays.asList(path.split(SEPARATOR));
    }

    /** The node of this key in a run summary JSON document; a missing node when absent. */
    public JsonNode find(JsonNode summary) {
        JsonNode node = summary;
        for (String part : parts(path)) {
            node = node.path(part);
        }
        return node;
    }

    /** Sets this key's node in the run summary {@code summary} to {@code value}, adding the objects on its path. */
    public void put(ObjectNode summary, JsonNode value) {
        List<String> parts = parts(path);
        ObjectNode node = summary;
        for (String part : parts.subList(0, parts.size() - 1)) {
            node = node.get(part) instanceof ObjectNode child ? child : node.putObject(part);
        }
        node.set(parts.get(parts.size() - 1), value);
    }

    // records, dialogues, dead letters, turns

    public static SummaryKey recordsRead() {
        return of("records", "read");
    }

    public static SummaryKey recordsInDialogues() {
        return of("records", "in_dialogues");
    }

    public static SummaryKey dialogues() {
        return of("dialogues");
    }

    /** All dead letters, by stage and category underneath. */
    public static SummaryKey deadLetters() {
        return of("dead_letters");
    }

    public static SummaryKey deadLetters(String stage, String category) {
        return deadLetters().child(free(stage), free(category));
    }

    public static SummaryKey turnsSystemSkipped() {
        return of("turns", "system_skipped");
    }

    public static SummaryKey turnsMerged() {
        return of("turns", "merged");
    }

    public static SummaryKey turnsBotWithoutUserTurn() {
        return of("turns", "bot_without_user_turn");
    }

    // items per granularity

    private static SummaryKey items(Granularity g, String what) {
        return of("items", g.wireName(), what);
    }

    public static SummaryKey itemsEmitted(Granularity g) {
        return items(g, "emitted");
    }

    public static SummaryKey itemsDuplicates(Granularity g) {
        return items(g, "duplicates");
    }

    /** Items written, all splits. */
    public static SummaryKey itemsWritten(Granularity g) {
        return items(g, "written");
    }

    public static SummaryKey itemsWritten(Granularity g, Split split) {
        return itemsWritten(g).child(split.wireName());
    }

    /** Incremental runs: items whose label was carried over, all splits. */
    public static SummaryKey itemsCarriedOver(Granularity g) {
        return items(g, "carried_over");
    }

    public static SummaryKey itemsCarriedOver(Granularity g, Split split) {
        return itemsCarriedOver(g).child(split.wireName());
    }

    /** Incremental runs: items sent to the labelers in this run, all splits. */
    public static SummaryKey itemsLabeledThisRun(Granularity g) {
        return items(g, "labeled_this_run");
    }

    public static SummaryKey itemsLabeledThisRun(Granularity g, Split split) {
        return itemsLabeledThisRun(g).child(split.wireName());
    }

    // incremental runs: the previous output's rows

    /** What became of previous rows that were labeled again. */
    public enum Relabeled implements WireName.Underscored {
        UNLABELED,
        CONFIG_CHANGED,
        SPLIT_CHANGED
    }

    /** The {@code previous} section, present in incremental runs only. */
    public static SummaryKey previous() {
        return of("previous");
    }

    public static SummaryKey previousRead() {
        return previous().child("read");
    }

    public static SummaryKey previousCarriedOver() {
        return previous().child("carried_over");
    }

    /** Previous rows labeled again, all reasons. */
    public static SummaryKey previousRelabeled() {
        return previous().child("relabeled");
    }

    public static SummaryKey previousRelabeled(Relabeled reason) {
        return previousRelabeled().child(reason.wireName());
    }

    public static SummaryKey previousNotInInput() {
        return previous().child("not_in_input");
    }

    public static SummaryKey previousDuplicates() {
        return previous().child("duplicates");
    }

    // labels and calibration per granularity and split

    /** The {@code labels} section; its granularity and split objects hold {@code label}, {@code source}, ... */
    public static SummaryKey labels() {
        return of("labels");
    }

    public static SummaryKey labels(Granularity g, Split split) {
        return labels().child(g.wireName(), split.wireName());
    }

    /** Final labels by label ({@code (unlabeled)} for items no model could label). */
    public static SummaryKey labelCounts(Granularity g, Split split) {
        return labels(g, split).child("label");
    }

    public static SummaryKey label(Granularity g, Split split, String label) {
        return labelCounts(g, split).child(free(label));
    }

    /** Final labels by their source ({@code majority}, {@code filled}, ...). */
    public static SummaryKey labelSources(Granularity g, Split split) {
        return labels(g, split).child("source");
    }

    public static SummaryKey labelSource(Granularity g, Split split, String source) {
        return labelSources(g, split).child(free(source));
    }

    /** Items whose final label got {@code votesFor} of the {@code panelSize} panel votes. */
    public static SummaryKey agreement(Granularity g, Split split, long votesFor, int panelSize) {
        return labels(g, split).child("agreement", votesFor + "_of_" + panelSize);
    }

    /** The {@code calibration} section of one granularity. */
    public static SummaryKey calibration(Granularity g) {
        return of("calibration", g.wireName());
    }

    /** Calibrated items, all splits. */
    public static SummaryKey calibrated(Granularity g) {
        return calibration(g).child("calibrated");
    }

    public static SummaryKey calibrated(Granularity g, Split split) {
        return calibrated(g).child(split.wireName());
    }

    /** Items asked to self-criticise, all splits. */
    public static SummaryKey critiqued(Granularity g) {
        return calibration(g).child("critiqued");
    }

    public static SummaryKey critiqued(Granularity g, Split split) {
        return critiqued(g).child(split.wireName());
    }

    /** Calibrated items whose label changed, all splits. */
    public static SummaryKey changed(Granularity g) {
        return calibration(g).child("changed");
    }

    public static SummaryKey changed(Granularity g, Split split) {
        return changed(g).child(split.wireName());
    }

    /** The label pair tables of calibrated items, from which Cohen's kappa is computed. */
    public enum Pairs implements WireName.Underscored {
        /** Stage-1 label against the calibrator's first answer. */
        STAGE1_VS_CALIBRATOR,
        /** Stage-1 label against the final label. */
        STAGE1_VS_FINAL
    }

    /** A {@code {a: {b: n}}} table of label pairs. */
    public static SummaryKey pairs(Granularity g, Pairs which) {
        return calibration(g).child("pairs", which.wireName());
    }

    public static SummaryKey pair(Granularity g, Pairs which, String a, String b) {
        return pairs(g, which).child(free(a), free(b));
    }

    // calls and usage per labeler

    /** The {@code calls} section: one object per labeler, over all stages. */
    public static SummaryKey calls() {
        return of("calls");
    }

    public static SummaryKey calls(String labeler) {
        return calls().child(free(labeler));
    }

    public static SummaryKey calls(String labeler, CallCount what) {
        return calls(labeler).child(what.wireName());
    }

    /** A labeler's no-votes, by reason underneath. */
    public static SummaryKey noVotes(String labeler) {
        return calls(labeler).child("no_votes");
    }

    public static SummaryKey noVotes(String labeler, String reason) {
        return noVotes(labeler).child(free(reason));
    }

    /** The models a labeler's replies named ({@code served_models}: model → answers), cached and failed ones not. */
    public static SummaryKey servedModels(String labeler) {
        return calls(labeler).child("served_models");
    }

    public static SummaryKey servedModel(String labeler, String model) {
        return servedModels(labeler).child(free(model));
    }

    /**
     * The constrain styles a constrained labeler's answers were given in ({@code constrain}: style → answers, cached
     * ones included): with {@code constrain: auto}, the style its endpoint accepted.
     */
    public static SummaryKey constraints(String labeler) {
        return calls(labeler).child("constrain");
    }

    public static SummaryKey constraint(String labeler, String style) {
        return constraints(labeler).child(free(style));
    }

    /** The {@code system_fingerprint}s a labeler's replies carried (fingerprint → answers). */
    public static SummaryKey systemFingerprints(String labeler) {
        return calls(labeler).child("system_fingerprints");
    }

    public static SummaryKey systemFingerprint(String labeler, String fingerprint) {
        return systemFingerprints(labeler).child(free(fingerprint));
    }

    /** A labeler's failed calls by failure category ({@code connection}, {@code timeout}, …). */
    public static SummaryKey failedCalls(String labeler) {
        return calls(labeler).child("failed_calls");
    }

    public static SummaryKey failedCalls(String labeler, String category) {
        return failedCalls(labeler).child(free(category));
    }

    /** The {@code usage} section: per stage, one object per labeler. */
    public static SummaryKey usage() {
        return of("usage");
    }

    public static SummaryKey usage(UsageStage stage) {
        return usage().child(stage.wireName());
    }

    public static SummaryKey usage(UsageStage stage, String labeler, CallCount what) {
        return usage(stage).child(free(labeler), what.wireName());
    }

    /** The {@code method} section: how the run labels (roles, models, vote rule, aggregation). */
    public static SummaryKey method() {
        return of("method");
    }

    // batch mode, added by labelpanel run when the job is done

    /** The {@code batches} section: the Batch API batches of the run. */
    public static SummaryKey batches() {
        return of("batches");
    }

    /** Batches the run submitted. */
    public static SummaryKey batchesSubmitted() {
        return batches().child("submitted");
    }

    /** Requests in the batches the run submitted. */
    public static SummaryKey batchRequestsSubmitted() {
        return batches().child("requests_submitted");
    }

    /** Batches the run waited on that ended with {@code status} (the provider's, or {@code lost}). */
    public static SummaryKey batchesEnded(String status) {
        return batches().child("ended", free(status));
    }

    // the run's timing, added by labelpanel run when the job is done

    /** The {@code timing} section: when the run started and ended, and its wall time. */
    public static SummaryKey timing() {
        return of("timing");
    }

    /** When {@code labelpanel run} started (ISO-8601, UTC). */
    public static SummaryKey timingStarted() {
        return timing().child("started");
    }

    /** When the job was done (ISO-8601, UTC). */
    public static SummaryKey timingEnded() {
        return timing().child("ended");
    }

    /** Seconds from {@link #timingStarted()} to {@link #timingEnded()}. */
    public static SummaryKey wallSeconds() {
        return timing().child("wall_seconds");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SummaryKey other && path.equals(other.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path);
    }

    @Override
    public String toString() {
        return path;
    }
}
