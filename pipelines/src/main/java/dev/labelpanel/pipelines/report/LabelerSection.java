package dev.labelpanel.pipelines.report;

import static dev.labelpanel.pipelines.report.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labelpanel.transforms.summary.CallCount;
import dev.labelpanel.transforms.summary.PanelStatistics;
import dev.labelpanel.transforms.summary.SummaryKey;
import dev.labelpanel.transforms.vote.CohenKappa;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labelers part of the report: each labeler's answers (votes, no-votes by reason, latency percentiles, tokens
 * and cost), and how the labelers agree: pairwise Cohen's kappa from the rows' votes, and — when the run summary
 * and the rows have them — the Dawid-Skene confusion matrices and the confidence histogram.
 */
record LabelerSection(RunSummary summary, RunMethod method, OutputScan scan, Charts charts) {
    private static final double[] PERCENTILES = {50, 90, 99};
    /** Fewer items labeled by both than this, and a kappa says little: its cell stays blank. */
    static final int MIN_SHARED_ITEMS = 5;

    void labelers(StringBuilder s) {
        s.append("<h2 id=\"labelers\">Labelers</h2>\n");
        if (scan.labelers.isEmpty()) {
            s.append(Html.note("No labeler answered in this output."));
            return;
        }
        if (method.recorded() && method.labeled()) {
            s.append("<p>Panel: ")
                    .append(esc(names(method.panel())))
                    .append("; vote rule <code>")
                    .append(esc(method.voteRule()))
                    .append(
                            method.aggregation() == null
                                    ? ""
                                    : "</code>; aggregation <code>" + esc(method.aggregation()))
                    .append("</code>; filler: ")
                    .append(esc(names(List.of(method.filler()))))
                    .append("; calibrator: ")
                    .append(esc(names(List.of(method.calibrator()))))
                    .append(".</p>\n");
        }
        List<List<?>> rows = new ArrayList<>();
        Map<String, Map<String, Long>> votes = new LinkedHashMap<>();
        Map<String, Map<String, Long>> latency = new LinkedHashMap<>();
        for (LabelerStats l : scan.labelers.values()) {
            JsonNode calls = summary.find(SummaryKey.calls(l.name()));
            String model =
                    (l.model() == null ? "" : l.model()) + constrained(summary.find(SummaryKey.constraints(l.name())));
            List<Object> row = new ArrayList<>(List.of(l.name(), model, l.answers(), l.cached(), noVotes(l)));
            for (double p : PERCENTILES) {
                long ms = l.latencyPercentile(p);
                row.add(ms < 0 ? "-" : ms);
                if (ms >= 0) {
                    latency.computeIfAbsent("p" + (int) p, k -> new LinkedHashMap<>())
                            .put(l.name(), ms);
                }
            }
            row.add(CallCount.PROMPT_TOKENS.in(calls) + "+" + CallCount.COMPLETION_TOKENS.in(calls));
            row.add(cost(l.name()));
            rows.add(row);
            l.labels()
                    .forEach((label, n) -> votes.computeIfAbsent(label, k -> new LinkedHashMap<>())
                            .put(l.name(), n));
            l.noVotes()
                    .forEach((reason, n) -> votes.computeIfAbsent("no vote: " + reason, k -> new LinkedHashMap<>())
                            .put(l.name(), n));
        }
        s.append(Html.table(
                List.of(
                        "labeler",
                        "model",
                        "answers in rows",
                        "from cache",
                        "no-votes",
                        "latency p50 ms",
                        "p90 ms",
                        "p99 ms",
                        "tokens in+out (run)",
                        "cost USD (run)"),
                rows));
        s.append(Html.note("Answers and latency count what the rows record (cached answers have no latency of their"
                + " own); tokens and cost count this run's calls (run-summary.json)."));
        s.append("<div class=\"charts\">");
        s.append(Html.figure(
                charts.bars("Answers per labeler: labels and no-votes", "labeler", "answers", votes, true)));
        if (!latency.isEmpty()) {
            s.append(Html.figure(
                    charts.bars("Latency percentiles (answers not from the cache)", "labeler", "ms", latency, false)));
        }
        Map<String, List<double[]>> curves = new LinkedHashMap<>();
        scan.labelers.values().stream()
                .filter(l -> !l.calibration().isEmpty())
                .forEach(l -> curves.put(l.name(), l.calibration()));
        if (!curves.isEmpty()) {
            s.append(Html.figure(
                    charts.calibration("Calibration: stated probability vs agreement with the final label", curves)));
        }
        s.append("</div>\n");
        if (!curves.isEmpty()) {
            s.append(Html.note("Calibration (labelers with logprobs: true): every label's probability in a vote's"
                    + " label_probs is a point, binned by tenths; the curve is the share of a bin's points whose label"
                    + " is the item's final label. On the diagonal, a labeler's stated probabilities are right as often"
                    + " as they say; bins with fewer than " + LabelerStats.MIN_BIN_PAIRS + " points are left out."));
        }
    }

    private static String names(List<RunMethod.Role> roles) {
        List<String> names = new ArrayList<>();
        for (RunMethod.Role r : roles) {
            if (r != null) {
                names.add(r.name() + " (" + r.model() + ")");
            }
        }
        return String.join(", ", names);
    }

    /**
     * The constrain styles a labeler's answers were asked in ({@code calls.<labeler>.constrain}), as {@code
     * (constrain: guided_choice)}: with {@code constrain: auto}, the style its endpoint accepted; "" for free text.
     */
    private static String constrained(JsonNode styleCounts) {
        List<String> styles = new ArrayList<>();
        styleCounts.fieldNames().forEachRemaining(styles::add);
        return styles.isEmpty() ? "" : " (constrain: " + String.join(", ", styles) + ")";
    }

    private static String noVotes(LabelerStats l) {
        if (l.noVotes().isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        l.noVotes().forEach((reason, n) -> parts.add(reason + " " + n));
        return String.join(", ", parts);
    }

    private String cost(String labeler) {
        JsonNode stages = summary.root().path("cost").path("by_stage");
        if (stages.isMissingNode()) {
            return "-";
        }
        double usd = 0;
        boolean priced = false;
        for (Iterator<JsonNode> it = stages.elements(); it.hasNext(); ) {
            JsonNode l = it.next().path("labelers").path(labeler);
            if (l.has("usd")) {
                usd += l.path("usd").asDouble();
                priced = true;
            }
        }
        return priced ? String.format("%.4f", usd) : "-";
    }

    void agreement(StringBuilder s) {
        s.append("<h2 id=\"agreement\">Agreement between labelers</h2>\n");
        boolean any = false;
        s.append("<div class=\"charts\">");
        for (GranularityScan g : scan.granularities.values()) {
            List<String> raters = g.raters();
            if (raters.size() < 2) {
                continue;
            }
            double[][] kappas = new double[raters.size()][raters.size()];
            for (int a = 0; a < raters.size(); a++) {
                for (int b = 0; b < raters.size(); b++) {
                    CohenKappa k = g.kappa(raters.get(a), raters.get(b));
                    kappas[a][b] = k.pairs() < MIN_SHARED_ITEMS ? Double.NaN : k.kappa();
                }
            }
            s.append(Html.figure(charts.heatmap(
                    "Cohen's kappa between labelers (" + g.granularity() + ")", raters, raters, kappas, "%.2f", 0, 1)));
            any = true;
        }
        for (GranularityScan g : scan.granularities.values()) {
            long[] bins = g.confidenceBins();
            if (bins != null) {
                Map<String, Long> counts = new LinkedHashMap<>();
                for (int i = 0; i < bins.length; i++) {
                    counts.put(
                            String.format("%.1f-%.1f", i / (double) bins.length, (i + 1) / (double) bins.length),
                            bins[i]);
                }
                s.append(Html.figure(charts.bars(
                        "Confidence of the final label (" + g.granularity() + ")",
                        "confidence",
                        "items",
                        Map.of("items", counts),
                        false)));
                any = true;
            }
        }
        Map<String, JsonNode> ds = new LinkedHashMap<>();
        findDawidSkene(summary.root(), "", ds);
        boolean dsShown = false;
        for (Map.Entry<String, JsonNode> e : ds.entrySet()) {
            dsShown |= dawidSkene(e.getValue(), e.getKey(), s);
        }
        any |= dsShown;
        s.append("</div>\n");
        if (dsShown) {
            s.append(Html.note(dawidSkeneNote()));
        }
        if (!any) {
            s.append(Html.note("No two labelers answered the same items, so there is no agreement to show."));
        } else {
            s.append(
                    Html.note(
                            "Kappa is computed over the items both labelers gave a label (no-votes left out); a blank"
                                    + " cell: fewer than " + MIN_SHARED_ITEMS
                                    + " such items. The calibrator's answers are its first answers,"
                                    + " on validation and test items only; the filler answers only items without a panel majority."));
        }
    }

    /** Which model the Dawid-Skene matrices are: what it was fitted to, and whether it decided the labels. */
    String dawidSkeneNote() {
        JsonNode soft = summary.root().path(PanelStatistics.DAWID_SKENE).path(PanelStatistics.SOFT_VOTES);
        String fitted = "Dawid-Skene: fitted to the panel votes of every row written"
                + (soft.asBoolean(false)
                        ? ", with the probabilities the labelers stated (logprobs: true): each vote is its label and"
                                + " how sure it was, in confidence bins, as in labeling; the matrices sum the bins"
                                + " into labels."
                        : soft.isBoolean() ? ", votes alone (no labeler stated probabilities)." : ".");
        if (!method.recorded() || method.aggregation() == null) {
            return fitted;
        }
        return fitted
                + (method.dawidSkene()
                        ? " With aggregation: dawid-skene this is the model that gave the stage-1 labels (rows"
                                + " carried over from a previous output excepted)."
                        : " The stage-1 labels came from the vote rule (aggregation: majority); this model is an"
                                + " estimate beside them.");
    }

    /** Sections whose name says Dawid-Skene ({@code dawid_skene}, {@code dawid-skene}, …), anywhere in the summary. */
    private static void findDawidSkene(JsonNode node, String path, Map<String, JsonNode> found) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> child = it.next();
            String childPath = path.isEmpty() ? child.getKey() : path + "/" + child.getKey();
            if (child.getKey()
                    .toLowerCase(java.util.Locale.ROOT)
                    .replaceAll("[^a-z]", "")
                    .contains("dawidskene")) {
                found.put(childPath, child.getValue());
            } else if (child.getValue().isObject()) {
                findDawidSkene(child.getValue(), childPath, found);
            }
        }
    }

    /** Every matrix ({@code {row: {column: value}}}) under the summary's {@code dawid_skene} section, as a heatmap. */
    private boolean dawidSkene(JsonNode node, String path, StringBuilder s) {
        if (!node.isObject() || node.isEmpty()) {
            return false;
        }
        boolean matrix = true;
        List<String> rows = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> row = it.next();
            rows.add(row.getKey());
            if (!row.getValue().isObject()) {
                matrix = false;
                break;
            }
            for (Iterator<Map.Entry<String, JsonNode>> c = row.getValue().fields(); c.hasNext(); ) {
                Map.Entry<String, JsonNode> cell = c.next();
                matrix &= cell.getValue().isNumber();
                if (!columns.contains(cell.getKey())) {
                    columns.add(cell.getKey());
                }
            }
        }
        if (matrix) {
            double[][] values = new double[rows.size()][columns.size()];
            double max = 0;
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < columns.size(); c++) {
                    JsonNode v = node.path(rows.get(r)).path(columns.get(c));
                    values[r][c] = v.isNumber() ? v.asDouble() : Double.NaN;
                    max = Math.max(max, v.asDouble(0));
                }
            }
            s.append(Html.figure(charts.heatmap(
                    dawidSkeneTitle(path), rows, columns, values, max <= 1 ? "%.2f" : "%.0f", 0, max <= 1 ? 1 : max)));
            return true;
        }
        boolean any = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> child = it.next();
            any |= dawidSkene(child.getValue(), path + "/" + child.getKey(), s);
        }
        return any;
    }

    /** "dawid_skene/labelers/qwen/confusion" reads as the estimated confusion matrix of qwen. */
    static String dawidSkeneTitle(String path) {
        String[] parts = path.split("/");
        if (parts.length == 4 && parts[1].equals("labelers") && parts[3].equals("confusion")) {
            return "Dawid-Skene estimated confusion of " + parts[2]
                    + " (rows: estimated true label, columns: its vote)";
        }
        return "Dawid-Skene: " + path.replace('/', ' ');
    }
}
