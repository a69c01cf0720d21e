package dev.labelpanel.pipelines.report;

import static dev.labelpanel.pipelines.report.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * For a person to review: sample items where the panel split or the calibrator revised the label, with the text,
 * the context, every vote and raw answer; and examples of each dead-letter category. Everything shown is data, so
 * everything is escaped.
 */
final class ReviewSection {
    private static final int PAYLOAD_CHARS = 600;

    private final OutputScan scan;

    ReviewSection(OutputScan scan) {
        this.scan = scan;
    }

    void render(StringBuilder s) {
        s.append("<h2 id=\"review\">For review</h2>\n");
        for (GranularityScan g : scan.granularities.values()) {
            items(
                    s,
                    "Where the panel split (" + g.granularity() + ")",
                    g.panelSplit(),
                    "No item where the panel split.");
            items(
                    s,
                    "Where the calibrator disagreed or revised (" + g.granularity() + ")",
                    g.revised(),
                    "No item where the calibrator disagreed.");
        }
        s.append("<h3 id=\"dead-letters\">Dead letters</h3>\n");
        if (scan.deadLetters.isEmpty()) {
            s.append(Html.note("No dead letters: every record read was used."));
            return;
        }
        s.append("<table class=\"sample\"><thead><tr><th>category</th><th>stage</th><th>source</th><th>reason</th>"
                + "<th>payload</th></tr></thead><tbody>");
        for (Map.Entry<String, List<JsonNode>> category : scan.deadLetters.entrySet()) {
            for (JsonNode d : category.getValue()) {
                String payload = d.path("payload").asText("");
                if (payload.length() > PAYLOAD_CHARS) {
                    payload = payload.substring(0, PAYLOAD_CHARS) + "…";
                }
                s.append("<tr><td>")
                        .append(esc(category.getKey()))
                        .append(" (")
                        .append(scan.deadLetterCounts.get(category.getKey()))
                        .append(" in all)</td><td>")
                        .append(esc(d.path("stage").asText()))
                        .append("</td><td>")
                        .append(esc(d.path("source_file").asText()))
                        .append(" #")
                        .append(esc(d.path("record_number").asText()))
                        .append("</td><td>")
                        .append(esc(d.path("reason").asText()))
                        .append("</td><td><pre>")
                        .append(esc(payload))
                        .append("</pre></td></tr>\n");
            }
        }
        s.append("</tbody></table>\n");
    }

    private static void items(StringBuilder s, String title, List<GenericRecord> rows, String none) {
        s.append("<h3>").append(esc(title)).append("</h3>\n");
        if (rows.isEmpty()) {
            s.append(Html.note(none));
            return;
        }
        s.append("<table class=\"sample\"><thead><tr><th>item</th><th>text</th><th>context</th><th>label</th>"
                + "<th>votes</th><th>calibration</th></tr></thead><tbody>\n");
        for (GenericRecord r : rows) {
            s.append("<tr><td><code>")
                    .append(esc(shortId(Rows.text(r, "item_id"))))
                    .append("</code><br>")
                    .append(esc(Rows.text(r, "split")))
                    .append("</td><td>")
                    .append(esc(Rows.text(r, "text")))
                    .append("</td><td>");
            for (Object t : Rows.list(r, "context")) {
                GenericRecord turn = (GenericRecord) t;
                s.append("<b>")
                        .append(esc(Rows.text(turn, "role")))
                        .append(":</b> ")
                        .append(esc(Rows.text(turn, "text")))
                        .append("<br>");
            }
            Double agreement = Rows.number(r, "agreement");
            s.append("</td><td><b>")
                    .append(esc(orDash(Rows.text(r, "label"))))
                    .append("</b><br>")
                    .append(esc(orDash(Rows.text(r, "label_source"))))
                    .append("<br>stage 1: ")
                    .append(esc(orDash(Rows.text(r, "stage1_label"))))
                    .append(agreement == null ? "" : String.format("<br>agreement %.2f", agreement));
            if (Rows.text(r, "unlabeled_reason") != null) {
                s.append("<br>unlabeled: ").append(esc(Rows.text(r, "unlabeled_reason")));
            }
            s.append("</td><td>");
            for (Object v : Rows.list(r, "votes")) {
                vote(s, (GenericRecord) v, null);
            }
            s.append("</td><td>");
            GenericRecord calibration = Rows.record(r, "calibration");
            if (calibration != null) {
                vote(s, Rows.record(calibration, "first_answer"), "first answer");
                vote(s, Rows.record(calibration, "critique_answer"), "self-criticism");
            }
            s.append("</td></tr>\n");
        }
        s.append("</tbody></table>\n");
    }

    private static void vote(StringBuilder s, GenericRecord vote, String what) {
        if (vote == null) {
            return;
        }
        String label = Rows.text(vote, "label");
        s.append("<details><summary>")
                .append(esc(what == null ? Rows.text(vote, "labeler") : what))
                .append(": ")
                .append(esc(label != null ? label : "no vote (" + Rows.text(vote, "no_vote_reason") + ")"))
                .append("</summary><pre>")
                .append(esc(Rows.text(vote, "raw_answer")))
                .append("</pre></details>");
    }

    private static String shortId(String id) {
        return id == null || id.length() <= 12 ? id : id.substring(0, 12) + "…";
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
