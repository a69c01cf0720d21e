package dev.labelpanel.pipelines.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labelpanel.transforms.summary.CallCount;
import dev.labelpanel.transforms.summary.SummaryKey;
import dev.labelpanel.transforms.summary.UsageStage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The usage and cost lines of the run summary: per labeling stage and labeler, answers, HTTP attempts, cache hits
 * and misses, billed and saved tokens, and the cost in US dollars when the config prices the labeler; and the
 * panel calls an adaptive panel saved.
 */
final class UsageReport {
    private static final String HEADER = String.format(
            "  %-16s %-12s %8s %8s %8s %8s %19s %19s %10s %10s%n",
            "usage stage",
            "labeler",
            "answers",
            "HTTP",
            "cached",
            "missed",
            "tokens in+out",
            "saved in+out",
            "cost USD",
            "saved USD");

    private UsageReport() {}

    static void render(JsonNode root, StringBuilder s) {
        JsonNode usage = SummaryKey.usage().find(root);
        if (usage.isMissingNode()) {
            return;
        }
        JsonNode byStage = root.path("cost").path("by_stage");
        s.append(HEADER);
        for (UsageStage usageStage : UsageStage.values()) {
            String stage = usageStage.wireName();
            JsonNode labelers = SummaryKey.usage(usageStage).find(root);
            long[] sum = new long[8];
            for (Iterator<Map.Entry<String, JsonNode>> it = labelers.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> labeler = it.next();
                long[] row = row(labeler.getValue());
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += row[i];
                }
                JsonNode cost = byStage.path(stage).path("labelers").path(labeler.getKey());
                line(s, stage, labeler.getKey(), row, cost);
            }
            if (labelers.size() > 1) {
                line(s, stage, "(all)", sum, byStage.path(stage));
            }
        }
        JsonNode cost = root.path("cost");
        notAsked(SummaryKey.usage(UsageStage.PANEL).find(root), cost, s);
        if (cost.isMissingNode()) {
            s.append("  cost              n/a: no labeler has price_per_million_input/output in the config\n");
            return;
        }
        s.append(String.format(
                "  cost              %s USD in total; the response cache saved %s USD%s%n",
                usd(cost.path("usd")),
                usd(cost.path("saved_usd")),
                cost.path("unpriced_labelers").isEmpty()
                        ? ""
                        : "; unpriced (counted as 0): " + cost.path("unpriced_labelers")));
        if (cost.has("batch_saved_usd")) {
            s.append(String.format(
                    "  batch mode        saved %s USD against online prices%n", usd(cost.path("batch_saved_usd"))));
        }
    }

    /** The adaptive panel's saving, one line: calls not made per labeler and their estimated price. */
    private static void notAsked(JsonNode panel, JsonNode cost, StringBuilder s) {
        long notAsked = 0;
        long asked = 0;
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = panel.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> labeler = it.next();
            long n = CallCount.NOT_ASKED.in(labeler.getValue());
            asked += CallCount.ANSWERS.in(labeler.getValue());
            notAsked += n;
            if (n > 0) {
                parts.add(labeler.getKey() + " " + n);
            }
        }
        if (notAsked == 0) {
            return;
        }
        s.append(String.format(
                "  adaptive panel    %d panel calls saved (%.1f%% of %d): %s%s%n",
                notAsked,
                100.0 * notAsked / (notAsked + asked),
                notAsked + asked,
                String.join(", ", parts),
                cost.has("not_asked_usd")
                        ? String.format("; about %s USD saved", usd(cost.path("not_asked_usd")))
                        : ""));
    }

    private static long[] row(JsonNode u) {
        CallCount[] columns = {
            CallCount.ANSWERS,
            CallCount.ATTEMPTS,
            CallCount.CACHE_HITS,
            CallCount.CACHE_MISSES,
            CallCount.PROMPT_TOKENS,
            CallCount.COMPLETION_TOKENS,
            CallCount.SAVED_PROMPT_TOKENS,
            CallCount.SAVED_COMPLETION_TOKENS
        };
        long[] row = new long[columns.length];
        for (int i = 0; i < columns.length; i++) {
            row[i] = columns[i].in(u);
        }
        return row;
    }

    private static void line(StringBuilder s, String stage, String labeler, long[] r, JsonNode cost) {
        s.append(String.format(
                "  %-16s %-12s %8d %8d %8d %8d %19s %19s %10s %10s%n",
                stage,
                labeler,
                r[0],
                r[1],
                r[2],
                r[3],
                r[4] + "+" + r[5],
                r[6] + "+" + r[7],
                cost.has("usd") ? usd(cost.path("usd")) : "-",
                cost.has("saved_usd") ? usd(cost.path("saved_usd")) : "-"));
    }

    private static String usd(JsonNode amount) {
        return String.format("%.4f", amount.asDouble());
    }
}
