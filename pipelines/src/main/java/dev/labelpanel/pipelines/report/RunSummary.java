package dev.labelpanel.pipelines.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.splits.Split;
import dev.labelpanel.transforms.summary.CallCount;
import dev.labelpanel.transforms.summary.SummaryKey;
import dev.labelpanel.transforms.summary.SummaryKey.Pairs;
import dev.labelpanel.transforms.summary.SummaryKey.Relabeled;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The run summary the job writes to {@code run-summary.json}, read back for people: counts per stage, items per
 * granularity and split, dead letters by reason, LLM usage and cost per stage, and the no-loss invariants checked.
 */
public final class RunSummary {
    private final JsonNode root;

    private RunSummary(JsonNode root) {
        this.root = root;
    }

    public static RunSummary read(Path file) throws IOException {
        return new RunSummary(new ObjectMapper().readTree(Files.readString(file)));
    }

    /**
     * Reads the summary at {@code location} through Beam's filesystems: a local path, or a remote one (gs://) that
     * the job wrote with a runner whose filesystem is on the classpath. Beam's default options must be set
     * ({@code FileSystems.setDefaultPipelineOptions}), as {@link LabelPanelPipeline#run} does.
     */
    public static RunSummary readFrom(String location) throws IOException {
        ResourceId file = FileSystems.matchSingleFileSpec(location).resourceId();
        try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
            return new RunSummary(new ObjectMapper().readTree(in));
        }
    }

    public static RunSummary parse(String json) throws IOException {
        return new RunSummary(new ObjectMapper().readTree(json));
    }

    /** The whole summary: sections that are not counts ({@code method}, {@code cost}) are read from here. */
    public JsonNode root() {
        return root;
    }

    /** The node of {@code key}; a missing node when absent. */
    public JsonNode find(SummaryKey key) {
        return key.find(root);
    }

    /** A count, e.g. {@code SummaryKey.itemsWritten(g, split)}; the sum of the counts under it for a parent key; 0 when absent. */
    public long count(SummaryKey key) {
        JsonNode node = key.find(root);
        if (node.isObject()) {
            return sum(node);
        }
        return node.asLong(0);
    }

    /** The sum over granularities of the count {@code keyOf} gives each. */
    public long countAll(Function<Granularity, SummaryKey> keyOf) {
        long total = 0;
        for (Granularity g : Granularity.values()) {
            total += count(keyOf.apply(g));
        }
        return total;
    }

    private static long sum(JsonNode node) {
        if (!node.isObject()) {
            return node.asLong(0);
        }
        long total = 0;
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            total += sum(it.next());
        }
        return total;
    }

    /** The node under {@code key}; a missing node when absent. */
    public JsonNode node(SummaryKey key) {
        return key.find(root);
    }

    public long deadLetters() {
        return count(SummaryKey.deadLetters());
    }

    private void renderLabels(StringBuilder s) {
        if (SummaryKey.labels().find(root).isMissingNode()) {
            return;
        }
        for (Granularity g : Granularity.values()) {
            for (Split split : Split.values()) {
                if (SummaryKey.labels(g, split).find(root).isMissingNode()) {
                    continue;
                }
                s.append(String.format(
                        "  %-9s %-10s labels: %s; sources: %s%n",
                        g.wireName(),
                        split.wireName(),
                        join(SummaryKey.labelCounts(g, split).find(root)),
                        join(SummaryKey.labelSources(g, split).find(root))));
            }
            if (!SummaryKey.calibration(g).find(root).isMissingNode()) {
                s.append(String.format(
                        "  %-9s calibration: %d calibrated, %d self-criticised, %d changed; kappa stage-1 vs calibrator %s,"
                                + " stage-1 vs final %s%n",
                        g.wireName(),
                        count(SummaryKey.calibrated(g)),
                        count(SummaryKey.critiqued(g)),
                        count(SummaryKey.changed(g)),
                        kappaText(kappa(g, Pairs.STAGE1_VS_CALIBRATOR)),
                        kappaText(kappa(g, Pairs.STAGE1_VS_FINAL))));
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        SummaryKey.calls().find(root).fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> labeler = it.next();
            JsonNode c = labeler.getValue();
            s.append(String.format(
                    "  calls %-12s %6d answers (%d from cache), %d HTTP attempts%s, %d+%d tokens, no-votes: %s;"
                            + " served by: %s%n",
                    labeler.getKey(),
                    CallCount.ANSWERS.in(c),
                    CallCount.CACHE_HITS.in(c),
                    CallCount.ATTEMPTS.in(c),
                    CallCount.HEDGED.in(c) == 0
                            ? ""
                            : String.format(
                                    " (%d calls hedged, %d won by the backup copy)",
                                    CallCount.HEDGED.in(c), CallCount.HEDGE_WINS.in(c)),
                    CallCount.PROMPT_TOKENS.in(c),
                    CallCount.COMPLETION_TOKENS.in(c),
                    join(SummaryKey.noVotes(labeler.getKey()).find(root)),
                    join(SummaryKey.servedModels(labeler.getKey()).find(root))));
        }
    }

    private static String join(JsonNode counts) {
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            parts.add(e.getKey() + " " + e.getValue().asLong());
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /** Cohen's kappa of a {@code {a: {b: n}}} table of label pairs; NaN when it has no pairs. */
    public static double kappa(JsonNode pairs) {
        Map<String, Long> rows = new java.util.HashMap<>();
        Map<String, Long> cols = new java.util.HashMap<>();
        long total = 0;
        long agree = 0;
        for (Iterator<Map.Entry<String, JsonNode>> r = pairs.fields(); r.hasNext(); ) {
            Map.Entry<String, JsonNode> row = r.next();
            for (Iterator<Map.Entry<String, JsonNode>> c = row.getValue().fields(); c.hasNext(); ) {
                Map.Entry<String, JsonNode> cell = c.next();
                long n = cell.getValue().asLong();
                rows.merge(row.getKey(), n, Long::sum);
                cols.merge(cell.getKey(), n, Long::sum);
                total += n;
                agree += row.getKey().equals(cell.getKey()) ? n : 0;
            }
        }
        if (total == 0) {
            return Double.NaN;
        }
        double observed = (double) agree / total;
        double expected = 0;
        for (Map.Entry<String, Long> row : rows.entrySet()) {
            expected += (double) row.getValue() * cols.getOrDefault(row.getKey(), 0L) / ((double) total * total);
        }
        return expected == 1.0 ? 1.0 : (observed - expected) / (1 - expected);
    }

    /** Kappa of one of {@code granularity}'s label pair tables, e.g. stage-1 labels vs the calibrator's answers. */
    public double kappa(Granularity granularity, Pairs which) {
        return kappa(SummaryKey.pairs(granularity, which).find(root));
    }

    private static String kappaText(double k) {
        return Double.isNaN(k) ? "n/a" : String.format("%.3f", k);
    }

    /** Records read = records in dialogues + dead letters. */
    public boolean recordsBalance() {
        return count(SummaryKey.recordsRead()) == count(SummaryKey.recordsInDialogues()) + deadLetters();
    }

    /** For each granularity: items emitted = items written + duplicates. */
    public boolean itemsBalance(Granularity g) {
        return count(SummaryKey.itemsEmitted(g))
                == count(SummaryKey.itemsWritten(g)) + count(SummaryKey.itemsDuplicates(g));
    }

    /** True for an incremental run ({@code --previous}): it carried labels over or read a previous output. */
    public boolean incremental() {
        return !SummaryKey.previous().find(root).isMissingNode()
                || countAll(SummaryKey::itemsCarriedOver) + countAll(SummaryKey::itemsLabeledThisRun) > 0;
    }

    /** Incremental runs: previous rows read = carried over + relabeled + not in the input + duplicates. */
    public boolean previousBalance() {
        return count(SummaryKey.previousRead())
                == count(SummaryKey.previousCarriedOver())
                        + count(SummaryKey.previousRelabeled())
                        + count(SummaryKey.previousNotInInput())
                        + count(SummaryKey.previousDuplicates());
    }

    /** Incremental runs, for each granularity: items written = carried over + labeled in this run. */
    public boolean carriedBalance(Granularity g) {
        return count(SummaryKey.itemsWritten(g))
                == count(SummaryKey.itemsCarriedOver(g)) + count(SummaryKey.itemsLabeledThisRun(g));
    }

    /** {@link #itemsBalance} for every granularity. */
    public boolean itemsBalance() {
        return Arrays.stream(Granularity.values()).allMatch(this::itemsBalance);
    }

    /** {@link #carriedBalance} for every granularity. */
    public boolean carriedBalance() {
        return Arrays.stream(Granularity.values()).allMatch(this::carriedBalance);
    }

    public boolean balanced() {
        boolean incrementalOk = !incremental() || (previousBalance() && carriedBalance());
        return recordsBalance() && itemsBalance() && incrementalOk;
    }

    private void renderIncremental(StringBuilder s) {
        long carried = countAll(SummaryKey::itemsCarriedOver);
        long labeledNow = countAll(SummaryKey::itemsLabeledThisRun);
        long relabeled = count(SummaryKey.previousRelabeled());
        s.append(String.format(
                "  incremental       %d carried over (no calls), %d labeled now: %d new, %d relabeled (%d unlabeled"
                        + " before, %d other config, %d other split)%n",
                carried,
                labeledNow,
                labeledNow - relabeled,
                relabeled,
                count(SummaryKey.previousRelabeled(Relabeled.UNLABELED)),
                count(SummaryKey.previousRelabeled(Relabeled.CONFIG_CHANGED)),
                count(SummaryKey.previousRelabeled(Relabeled.SPLIT_CHANGED))));
        s.append(String.format(
                "  previous output   %8d rows read, %d no longer in the input (not carried)%s%n",
                count(SummaryKey.previousRead()),
                count(SummaryKey.previousNotInInput()),
                count(SummaryKey.previousDuplicates()) == 0
                        ? ""
                        : ", " + count(SummaryKey.previousDuplicates()) + " duplicate ids"));
    }

    /** The summary as a short report for a terminal. */
    public String render(String outDir) {
        StringBuilder s = new StringBuilder();
        s.append("labelpanel run summary (").append(outDir).append(")\n");
        s.append(String.format(
                "  records read      %8d  (in dialogues %d, dead letters %d)%n",
                count(SummaryKey.recordsRead()), count(SummaryKey.recordsInDialogues()), deadLetters()));
        s.append(String.format(
                "  dialogues         %8d  (system turns skipped %d, turns merged %d)%n",
                count(SummaryKey.dialogues()),
                count(SummaryKey.turnsSystemSkipped()),
                count(SummaryKey.turnsMerged())));
        s.append(String.format("  %-10s %9s %11s %9s", "items", "emitted", "duplicates", "written"));
        for (Split split : Split.values()) {
            s.append(String.format(" %11s", split.wireName()));
        }
        s.append('\n');
        for (Granularity g : Granularity.values()) {
            s.append(String.format(
                    "  %-10s %9d %11d %9d",
                    g.wireName(),
                    count(SummaryKey.itemsEmitted(g)),
                    count(SummaryKey.itemsDuplicates(g)),
                    count(SummaryKey.itemsWritten(g))));
            for (Split split : Split.values()) {
                s.append(String.format(" %11d", count(SummaryKey.itemsWritten(g, split))));
            }
            s.append('\n');
        }
        List<String> reasons = new ArrayList<>();
        JsonNode dead = SummaryKey.deadLetters().find(root);
        for (Iterator<Map.Entry<String, JsonNode>> stages = dead.fields(); stages.hasNext(); ) {
            Map.Entry<String, JsonNode> stage = stages.next();
            for (Iterator<Map.Entry<String, JsonNode>> it = stage.getValue().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> reason = it.next();
                reasons.add(reason.getKey() + " " + reason.getValue().asLong() + " (" + stage.getKey() + ")");
            }
        }
        s.append("  dead letters      ")
                .append(reasons.isEmpty() ? "none" : String.join(", ", reasons))
                .append('\n');
        if (incremental()) {
            renderIncremental(s);
        }
        renderLabels(s);
        UsageReport.render(root, s);
        s.append("  no-loss checks    records read = in dialogues + dead letters: ")
                .append(recordsBalance() ? "ok" : "MISMATCH")
                .append("; items emitted = written + duplicates: ")
                .append(itemsBalance() ? "ok" : "MISMATCH");
        if (incremental()) {
            s.append("; written = carried over + labeled now: ")
                    .append(carriedBalance() ? "ok" : "MISMATCH")
                    .append("; previous rows = carried + relabeled + not in input: ")
                    .append(previousBalance() ? "ok" : "MISMATCH");
        }
        s.append('\n');
        return s.toString();
    }
}
