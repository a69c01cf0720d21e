package dev.labelpanel.pipelines.estimate;

import dev.labelpanel.transforms.splits.Split;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arithmetic of {@code labelpanel estimate}, with no I/O: from items per granularity and split, the roles,
 * each labeler's prompt size and answer limits and two assumed rates, the calls, tokens and cost per labeler.
 *
 * <ul>
 *   <li>panel calls = items × panel size (one per panel labeler and item);
 *   <li>fill calls = items × tie rate (items without a panel majority go to the filler);
 *   <li>calibration calls = (validation + test items) × (1 + disagreement rate): a first answer for each, and a
 *       self-criticism follow-up where the calibrator disagrees with the panel.
 * </ul>
 * Prompt tokens are the sampled prompts' characters / 4; completion tokens are max_tokens (an upper bound).
 */
public final class CostEstimate {
    /** The splits' names, in {@link Split} order. */
    public static final List<String> SPLITS =
            Arrays.stream(Split.values()).map(Split::wireName).toList();

    private CostEstimate() {}

    /**
     * One labeler's size and price; prices per million tokens may be null (unknown). {@code batch}: the labeler runs
     * in {@code mode: batch} and pays {@code batchPricePerMillionInput}/{@code Output}; the online prices then give
     * what the same calls would cost online.
     */
    public record LabelerSize(
            String name,
            Map<String, Double> promptTokensPerItem,
            Map<String, Double> critiquePromptTokensPerItem,
            int maxTokens,
            int critiqueMaxTokens,
            Double pricePerMillionInput,
            Double pricePerMillionOutput,
            boolean batch,
            Double batchPricePerMillionInput,
            Double batchPricePerMillionOutput) {}

    /** What a run is assumed to do. */
    public record Inputs(
            Map<String, Map<String, Long>> items,
            List<String> panel,
            String filler,
            String calibrator,
            Map<String, LabelerSize> labelers,
            double tieRate,
            double disagreeRate) {
        public Inputs {
            if (tieRate < 0 || tieRate > 1) {
                throw new IllegalArgumentException("--tie-rate must be between 0 and 1 but was " + tieRate);
            }
            if (disagreeRate < 0 || disagreeRate > 1) {
                throw new IllegalArgumentException("--disagree-rate must be between 0 and 1 but was " + disagreeRate);
            }
        }
    }

    /**
     * One labeler's share: its roles, calls, tokens and cost (null when it has no price), its mode ({@code online} or
     * {@code batch}) and what its calls would cost online (null when it has no online price).
     */
    public record LabelerCost(
            String name,
            List<String> roles,
            long calls,
            long promptTokens,
            long completionTokens,
            Double costUsd,
            String mode,
            Double onlineCostUsd) {}

    /** The whole estimate. */
    public record Result(
            Map<String, Map<String, Long>> items,
            long panelCalls,
            long fillCalls,
            long calibrationCalls,
            List<LabelerCost> labelers,
            double totalCostUsd,
            List<String> unpriced) {
        /** What batch mode saves against online prices, over the labelers priced both ways (0 if none is batch). */
        public double batchSavingUsd() {
            return labelers.stream()
                    .filter(c -> c.mode().equals("batch") && c.costUsd() != null && c.onlineCostUsd() != null)
                    .mapToDouble(c -> c.onlineCostUsd() - c.costUsd())
                    .sum();
        }

        /** Whether any labeler runs in batch mode. */
        public boolean anyBatch() {
            return labelers.stream().anyMatch(c -> c.mode().equals("batch"));
        }
    }

    public static Result estimate(Inputs in) {
        Map<String, Acc> acc = new LinkedHashMap<>();
        long panelCalls = 0;
        long fillCalls = 0;
        long calibrationCalls = 0;
        for (Map.Entry<String, Map<String, Long>> g : in.items().entrySet()) {
            String granularity = g.getKey();
            long all = g.getValue().values().stream().mapToLong(Long::longValue).sum();
            long heldOut = Arrays.stream(Split.values())
                    .filter(Split::heldOut)
                    .mapToLong(s -> g.getValue().getOrDefault(s.wireName(), 0L))
                    .sum();
            for (String name : in.panel()) {
                panelCalls += acc(acc, in, name, "panel").add(granularity, all, false);
            }
            fillCalls += acc(acc, in, in.filler(), "filler").add(granularity, Math.round(all * in.tieRate()), false);
            Acc cal = acc(acc, in, in.calibrator(), "calibrator");
            calibrationCalls += cal.add(granularity, heldOut, false);
            calibrationCalls += cal.add(granularity, Math.round(heldOut * in.disagreeRate()), true);
        }
        List<LabelerCost> costs = new ArrayList<>();
        double total = 0;
        List<String> unpriced = new ArrayList<>();
        for (Acc a : acc.values()) {
            LabelerSize size = a.size;
            Double online = a.cost(size.pricePerMillionInput(), size.pricePerMillionOutput());
            Double cost =
                    size.batch() ? a.cost(size.batchPricePerMillionInput(), size.batchPricePerMillionOutput()) : online;
            if (cost != null) {
                total += cost;
            } else {
                unpriced.add(a.size.name());
            }
            costs.add(new LabelerCost(
                    a.size.name(),
                    List.copyOf(a.roles),
                    a.calls,
                    Math.round(a.promptTokens),
                    a.completionTokens,
                    cost,
                    size.batch() ? "batch" : "online",
                    online));
        }
        return new Result(in.items(), panelCalls, fillCalls, calibrationCalls, costs, total, unpriced);
    }

    private static Acc acc(Map<String, Acc> acc, Inputs in, String name, String role) {
        LabelerSize size = in.labelers().get(name);
        if (size == null) {
            throw new IllegalArgumentException("roles name '" + name + "', which is not a labeler");
        }
        Acc a = acc.computeIfAbsent(name, n -> new Acc(size));
        a.roles.add(role);
        return a;
    }

    private static final class Acc {
        final LabelerSize size;
        final Set<String> roles = new LinkedHashSet<>();
        long calls;
        double promptTokens;
        long completionTokens;

        Acc(LabelerSize size) {
            this.size = size;
        }

        /** The cost of this labeler's tokens at the given prices, or null if either is unknown. */
        Double cost(Double input, Double output) {
            return input == null || output == null
                    ? null
                    : promptTokens / 1e6 * input + completionTokens / 1e6 * output;
        }

        long add(String granularity, long n, boolean critique) {
            Map<String, Double> perItem = critique ? size.critiquePromptTokensPerItem() : size.promptTokensPerItem();
            calls += n;
            promptTokens += n * perItem.getOrDefault(granularity, 0.0);
            completionTokens += n * (long) (critique ? size.critiqueMaxTokens() : size.maxTokens());
            return n;
        }
    }
}
