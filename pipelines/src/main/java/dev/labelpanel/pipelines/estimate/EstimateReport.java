package dev.labelpanel.pipelines.estimate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.labelpanel.transforms.splits.Split;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders a {@link CostEstimate.Result} as a table for people or as JSON for scripts. */
public final class EstimateReport {
    private EstimateReport() {}

    public static String table(CostEstimate.Result r, double tieRate, double disagreeRate) {
        StringBuilder s = new StringBuilder("labelpanel estimate (no LLM was called)\n");
        s.append(String.format(
                "  %-10s %9s %11s %9s %9s%n",
                "items", Split.TRAIN.wireName(), Split.VALIDATION.wireName(), Split.TEST.wireName(), "total"));
        r.items()
                .forEach((g, bySplit) -> s.append(String.format(
                        "  %-10s %9d %11d %9d %9d%n",
                        g,
                        bySplit.get(Split.TRAIN.wireName()),
                        bySplit.get(Split.VALIDATION.wireName()),
                        bySplit.get(Split.TEST.wireName()),
                        bySplit.values().stream().mapToLong(Long::longValue).sum())));
        s.append(String.format(
                "  calls      panel %d, fill %d (tie rate %.2f), calibration %d (disagreement rate %.2f)%n",
                r.panelCalls(), r.fillCalls(), tieRate, r.calibrationCalls(), disagreeRate));
        s.append(String.format(
                "  %-14s %-22s %9s %14s %18s %11s%n",
                "labeler", "roles", "calls", "prompt tokens", "completion tokens", "cost USD"));
        for (CostEstimate.LabelerCost c : r.labelers()) {
            s.append(String.format(
                    "  %-14s %-22s %9d %14d %18d %11s%n",
                    c.name(),
                    String.join(",", c.roles()),
                    c.calls(),
                    c.promptTokens(),
                    c.completionTokens(),
                    c.costUsd() == null ? "no price" : String.format("%.2f", c.costUsd())));
        }
        s.append(String.format(
                "  total cost   %.2f USD%s%n",
                r.totalCostUsd(),
                r.unpriced().isEmpty()
                        ? ""
                        : " (without " + String.join(", ", r.unpriced()) + ": set price_per_million_input/output)"));
        if (r.anyBatch()) {
            s.append(String.format(
                    "  batch mode   %s at batch prices: saves %.2f USD against online prices (%.2f USD online)%n",
                    String.join(
                            ", ",
                            r.labelers().stream()
                                    .filter(c -> c.mode().equals("batch"))
                                    .map(CostEstimate.LabelerCost::name)
                                    .toList()),
                    r.batchSavingUsd(),
                    r.totalCostUsd() + r.batchSavingUsd()));
        }
        s.append("  prompt tokens = sampled prompt characters / 4; completion tokens = max_tokens (an upper bound)\n");
        return s.toString();
    }

    public static String json(CostEstimate.Result r, double tieRate, double disagreeRate) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("items", r.items());
        root.put(
                "assumptions",
                Map.of(
                        "tie_rate",
                        tieRate,
                        "disagree_rate",
                        disagreeRate,
                        "chars_per_token",
                        Estimator.CHARS_PER_TOKEN,
                        "sampled_items_per_granularity",
                        Estimator.SAMPLE_ITEMS));
        root.put("calls", Map.of("panel", r.panelCalls(), "fill", r.fillCalls(), "calibration", r.calibrationCalls()));
        root.put(
                "labelers",
                r.labelers().stream()
                        .map(c -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("name", c.name());
                            m.put("roles", c.roles());
                            m.put("calls", c.calls());
                            m.put("prompt_tokens", c.promptTokens());
                            m.put("completion_tokens", c.completionTokens());
                            m.put("cost_usd", c.costUsd());
                            m.put("mode", c.mode());
                            m.put("online_cost_usd", c.onlineCostUsd());
                            return m;
                        })
                        .toList());
        root.put("total_cost_usd", r.totalCostUsd());
        root.put("unpriced_labelers", r.unpriced());
        root.put("batch_saving_usd", r.batchSavingUsd());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the estimate renders as JSON", e);
        }
    }
}
