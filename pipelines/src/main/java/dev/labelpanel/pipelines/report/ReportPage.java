package dev.labelpanel.pipelines.report;

import static dev.labelpanel.pipelines.report.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.splits.Split;
import dev.labelpanel.transforms.summary.SummaryKey;
import dev.labelpanel.transforms.summary.SummaryKey.Pairs;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, no request: its Content Security
 * Policy forbids any) drawn from the run summary and one scan of the output's files. The overview, labels and
 * calibration come from the summary; the labelers, their agreement and the items to review from the rows
 * ({@link LabelerSection}, {@link ReviewSection}).
 */
final class ReportPage {
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    private final String name;
    private final RunSummary summary;
    private final RunMethod method;
    private final OutputScan scan;
    private final StudentSection student;
    private final Charts charts = new Charts();

    ReportPage(String name, RunSummary summary, RunMethod method, OutputScan scan, StudentSection student) {
        this.name = name;
        this.student = student;
        this.summary = summary;
        this.method = method;
        this.scan = scan;
    }

    String render() {
        StringBuilder s = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
                .append(CSP)
                .append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>labelpanel report: ")
                .append(esc(name))
                .append("</title>\n<style>")
                .append(Html.STYLE)
                .append("</style></head><body>\n<h1>labelpanel report: ")
                .append(esc(name))
                .append("</h1>\n");
        if (method.simulated()) {
            s.append("<p class=\"banner\" id=\"simulation\">SIMULATION: the labels of this output come from the labeler"
                    + " simulator (simulated LLMs answering from ground truth plus configured noise), not from real models."
                    + "</p>\n");
        } else if (!method.recorded()) {
            s.append(Html.note("This output was written before run summaries recorded the labeling method: the labelers"
                    + " below are those named in the rows' votes, and whether a simulator answered is not recorded."));
        }
        s.append("<nav><a href=\"#overview\">Overview</a><a href=\"#labels\">Labels</a><a href=\"#labelers\">Labelers"
                + "</a><a href=\"#agreement\">Agreement</a><a href=\"#calibration\">Calibration</a><a href=\"#review\">"
                + "Review</a>" + (student == null ? "" : "<a href=\"#student\">Student</a>") + "</nav>\n");
        overview(s);
        labels(s);
        LabelerSection labelers = new LabelerSection(summary, method, scan, charts);
        labelers.labelers(s);
        labelers.agreement(s);
        calibration(s);
        if (student != null) {
            student.render(s);
        }
        new ReviewSection(scan).render(s);
        s.append("<p class=\"note\">Drawn from run-summary.json and the Parquet files of this folder; rebuild it with"
                        + " <code>labelpanel report ")
                .append(esc(name))
                .append("</code>.</p>\n</body></html>\n");
        return s.toString();
    }

    /** The run's wall time as the summary records it, or why it does not. */
    static String wallTime(RunTiming timing) {
        return timing == null
                ? "not recorded (labelpanel run records it in run-summary.json for a local output folder; not for"
                        + " a watch run's windows, nor in outputs written before it did)"
                : String.format(
                        java.util.Locale.ROOT,
                        "%.1f s (%s to %s)",
                        timing.wallTime().toMillis() / 1000.0,
                        timing.started(),
                        timing.ended());
    }

    private void overview(StringBuilder s) {
        s.append("<h2 id=\"overview\">Overview</h2>\n");
        List<List<?>> facts = new ArrayList<>();
        facts.add(List.of("records read", summary.count(SummaryKey.recordsRead())));
        facts.add(List.of("records in dialogues", summary.count(SummaryKey.recordsInDialogues())));
        facts.add(List.of("dead letters", summary.deadLetters()));
        facts.add(List.of("dialogues", summary.count(SummaryKey.dialogues())));
        facts.add(List.of("wall time", wallTime(RunTiming.of(summary))));
        JsonNode cost = summary.root().path("cost");
        facts.add(List.of(
                "cost",
                cost.isMissingNode()
                        ? "n/a (no labeler is priced)"
                        : String.format(
                                "%.4f USD (the response cache saved %.4f USD)",
                                cost.path("usd").asDouble(),
                                cost.path("saved_usd").asDouble())));
        if (!scan.configHashes.isEmpty()) {
            facts.add(List.of("config hash", String.join(", ", scan.configHashes)));
        }
        s.append(Html.table(List.of("run", "value"), facts));
        List<List<?>> items = new ArrayList<>();
        Map<String, Map<String, Long>> perPart = scan.rowsPerPart();
        Map<String, Map<String, Long>> chart = new LinkedHashMap<>();
        for (String g : scan.granularities.keySet()) {
            Granularity gr = Granularity.parse(g);
            List<Object> row = new ArrayList<>(List.of(
                    g,
                    summary.count(SummaryKey.itemsEmitted(gr)),
                    summary.count(SummaryKey.itemsDuplicates(gr)),
                    summary.count(SummaryKey.itemsWritten(gr))));
            for (Split split : Split.values()) {
                long n = summary.count(SummaryKey.itemsWritten(gr, split));
                row.add(n);
                chart.computeIfAbsent(split.wireName(), k -> new LinkedHashMap<>())
                        .put(g, n);
            }
            row.add(perPart.getOrDefault(g, Map.of()).getOrDefault("unlabeled", 0L));
            items.add(row);
        }
        s.append(Html.table(
                List.of(
                        "items",
                        "emitted",
                        "duplicates",
                        "written",
                        "train",
                        "validation",
                        "test",
                        "of which unlabeled"),
                items));
        s.append("<div class=\"charts\">");
        if (!chart.isEmpty()) {
            s.append(Html.figure(
                    charts.bars("Items written per granularity and split", "granularity", "items", chart, true)));
        }
        Map<String, Map<String, Long>> dead = new LinkedHashMap<>();
        JsonNode stages = summary.find(SummaryKey.deadLetters());
        for (Iterator<Map.Entry<String, JsonNode>> st = stages.fields(); st.hasNext(); ) {
            Map.Entry<String, JsonNode> stage = st.next();
            stage.getValue()
                    .fields()
                    .forEachRemaining(c -> dead.computeIfAbsent(stage.getKey(), k -> new LinkedHashMap<>())
                            .put(c.getKey(), c.getValue().asLong()));
        }
        if (!dead.isEmpty()) {
            s.append(Html.figure(charts.bars("Dead letters by category", "category", "records", dead, true)));
        }
        s.append("</div>\n");
    }

    private void labels(StringBuilder s) {
        s.append("<h2 id=\"labels\">Labels</h2>\n");
        if (!method.labeled()) {
            s.append(Html.note(
                    "No labels: this run had no labelers, so every item was written with empty label fields."));
            return;
        }
        for (String g : scan.granularities.keySet()) {
            s.append("<h3>").append(esc(g)).append("</h3>\n<div class=\"charts\">");
            s.append(Html.figure(
                    charts.bars("Labels per split (" + g + ")", "split", "items", bySplit(g, false), true)));
            s.append(Html.figure(
                    charts.bars("Label sources per split (" + g + ")", "split", "items", bySplit(g, true), true)));
            Map<String, Map<String, Long>> agreement = new LinkedHashMap<>();
            for (Split split : Split.values()) {
                summary.find(SummaryKey.labels(Granularity.parse(g), split))
                        .path("agreement")
                        .fields()
                        .forEachRemaining(e -> agreement
                                .computeIfAbsent(split.wireName(), k -> new java.util.TreeMap<>())
                                .put(e.getKey().replace('_', ' '), e.getValue().asLong()));
            }
            if (!agreement.isEmpty()) {
                s.append(Html.figure(charts.bars(
                        "Panel agreement: votes for the final label (" + g + ")",
                        "votes for the final label",
                        "items",
                        agreement,
                        false)));
            }
            s.append("</div>\n");
        }
    }

    /** The label or source counts of {@code g} as series (label or source) → split → items. */
    private Map<String, Map<String, Long>> bySplit(String g, boolean sources) {
        Map<String, Map<String, Long>> series = new LinkedHashMap<>();
        for (String label : method.labels()) {
            series.put(label, new LinkedHashMap<>());
        }
        for (Split split : Split.values()) {
            Granularity gr = Granularity.parse(g);
            summary.find(sources ? SummaryKey.labelSources(gr, split) : SummaryKey.labelCounts(gr, split))
                    .fields()
                    .forEachRemaining(e -> series.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>())
                            .put(split.wireName(), e.getValue().asLong()));
        }
        series.values().removeIf(Map::isEmpty);
        return series;
    }

    private void calibration(StringBuilder s) {
        s.append("<h2 id=\"calibration\">Calibration</h2>\n");
        if (!summary.root().path("calibration").fieldNames().hasNext()) {
            s.append(Html.note("No item was calibrated in this run."));
            return;
        }
        for (String g : scan.granularities.keySet()) {
            Granularity gr = Granularity.parse(g);
            if (summary.find(SummaryKey.calibration(gr)).isMissingNode()) {
                continue;
            }
            s.append("<h3>").append(esc(g)).append("</h3>\n");
            s.append(Html.table(
                    List.of(
                            "calibrated",
                            "self-criticised",
                            "changed",
                            "kappa stage-1 vs calibrator",
                            "kappa stage-1 vs final"),
                    List.of(List.of(
                            summary.count(SummaryKey.calibrated(gr)),
                            summary.count(SummaryKey.critiqued(gr)),
                            summary.count(SummaryKey.changed(gr)),
                            kappaText(summary.kappa(gr, Pairs.STAGE1_VS_CALIBRATOR)),
                            kappaText(summary.kappa(gr, Pairs.STAGE1_VS_FINAL))))));
            s.append(
                    Html.note(
                            "Stage-1 label (rows) against the calibrator's first answer (columns), and how each"
                                    + " calibrated item ended: calibrated-agree (the calibrator agreed), calibrated-kept (it kept its"
                                    + " disagreeing label after self-criticism), calibrated-revised (it came back to the earlier label)."));
            s.append("<div class=\"charts\">");
            JsonNode pairs = summary.find(SummaryKey.pairs(gr, Pairs.STAGE1_VS_CALIBRATOR));
            List<String> names = new ArrayList<>(method.labels());
            pairs.fieldNames().forEachRemaining(a -> addName(names, a));
            pairs.elements().forEachRemaining(row -> row.fieldNames().forEachRemaining(b -> addName(names, b)));
            if (!names.isEmpty()) {
                double[][] table = new double[names.size()][names.size()];
                double max = 1;
                for (int r = 0; r < names.size(); r++) {
                    for (int c = 0; c < names.size(); c++) {
                        table[r][c] =
                                pairs.path(names.get(r)).path(names.get(c)).asLong(0);
                        max = Math.max(max, table[r][c]);
                    }
                }
                s.append(Html.figure(charts.heatmap(
                        "Stage-1 (rows) vs calibrator (" + g + ")", names, names, table, "%.0f", 0, max)));
            }
            Map<String, Map<String, Long>> outcomes = new LinkedHashMap<>();
            for (Split split : Split.values()) {
                summary.find(SummaryKey.labelSources(gr, split)).fields().forEachRemaining(e -> {
                    if (e.getKey().startsWith("calibrated-")) {
                        outcomes.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>())
                                .put(split.wireName(), e.getValue().asLong());
                    }
                });
            }
            if (!outcomes.isEmpty()) {
                s.append(
                        Html.figure(charts.bars("Calibration outcomes (" + g + ")", "split", "items", outcomes, true)));
            }
            s.append("</div>\n");
        }
    }

    private static void addName(List<String> names, String name) {
        if (!names.contains(name)) {
            names.add(name);
        }
    }

    static String kappaText(double kappa) {
        return Double.isNaN(kappa) ? "n/a" : String.format("%.3f", kappa);
    }
}
