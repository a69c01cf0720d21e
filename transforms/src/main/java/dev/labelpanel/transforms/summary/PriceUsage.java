package dev.labelpanel.transforms.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Prices the run's token usage: adds to the summary JSON of {@link SummarizeRun} a {@code prices} section (the
 * configured price per million input and output tokens of each priced labeler) and a {@code cost} section in US
 * dollars, computed from the billed tokens of {@code usage/<stage>/<labeler>} ({@link SummaryKey#usage}):
 *
 * <pre>
 * cost/usd, cost/saved_usd                                   the whole run; saved = cached answers' tokens at list price
 * cost/by_stage/&lt;stage&gt;/{usd, saved_usd}
 * cost/by_stage/&lt;stage&gt;/labelers/&lt;labeler&gt;/{usd, saved_usd}
 * cost/unpriced_labelers                                     labelers with usage but no price (counted as 0)
 * cost/not_asked_usd, cost/by_stage/panel/labelers/&lt;labeler&gt;/not_asked_usd
 * cost/batch_saved_usd, cost/by_stage/&lt;stage&gt;/labelers/&lt;labeler&gt;/batch_saved_usd   batch mode: the same tokens at the online price, less what they cost
 *                                                            adaptive panel: the calls not made, estimated
 * </pre>
 *
 * <p>The money an adaptive panel saved ({@code not_asked_usd}) is an estimate: each call not made is priced at the
 * labeler's mean prompt and completion tokens per panel answer in this run (billed and cached answers alike).
 *
 * With no priced labeler the summary is left as it is. Only tokens the endpoint reported on answers are priced: a
 * provider may also bill attempts that failed after it did the work (a truncated body), which nobody can count.
 */
public final class PriceUsage extends PTransform<PCollection<String>, PCollection<String>> {
    private static final long serialVersionUID = 1L;

    /**
     * A labeler's price in US dollars per million input (prompt) and output (completion) tokens. For a labeler in
     * {@code mode: batch} ({@code batch}) that is its batch price, and {@code online} its online price, so the
     * summary can show what batch mode saved ({@code cost.batch_saved_usd}); null for an online labeler.
     */
    public record Price(double inputPerMillion, double outputPerMillion, Price online) implements Serializable {
        /** An online labeler's price. */
        public Price(double inputPerMillion, double outputPerMillion) {
            this(inputPerMillion, outputPerMillion, null);
        }

        public boolean batch() {
            return online != null;
        }
    }

    private final TreeMap<String, Price> prices;

    private PriceUsage(Map<String, Price> prices) {
        this.prices = new TreeMap<>(prices);
    }

    /** Prices by labeler name; labelers without a price are reported as unpriced. */
    public static PriceUsage with(Map<String, Price> prices) {
        return new PriceUsage(prices);
    }

    @Override
    public PCollection<String> expand(PCollection<String> summary) {
        return summary.apply("AddCosts", ParDo.of(new AddCostsFn(prices))).setCoder(StringUtf8Coder.of());
    }

    /** {@code summaryJson} with its {@code prices} and {@code cost} sections added. */
    public static String addCosts(String summaryJson, Map<String, Price> prices) {
        if (prices.isEmpty()) {
            return summaryJson;
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            ObjectNode root = (ObjectNode) json.readTree(summaryJson);
            ObjectNode priceNode = root.putObject("prices");
            new TreeMap<>(prices)
                    .forEach((name, p) -> priceNode
                            .putObject(name)
                            .put("input_per_million", p.inputPerMillion())
                            .put("output_per_million", p.outputPerMillion()));
            ObjectNode cost = root.putObject("cost");
            ObjectNode byStage = cost.putObject("by_stage");
            TreeSet<String> unpriced = new TreeSet<>();
            double total = 0;
            double saved = 0;
            double notAskedTotal = 0;
            double batchSavedTotal = 0;
            for (Iterator<Map.Entry<String, JsonNode>> stages =
                            SummaryKey.usage().find(root).fields();
                    stages.hasNext(); ) {
                Map.Entry<String, JsonNode> stage = stages.next();
                ObjectNode stageNode = byStage.putObject(stage.getKey());
                ObjectNode labelers = stageNode.putObject("labelers");
                double stageUsd = 0;
                double stageSaved = 0;
                for (Iterator<Map.Entry<String, JsonNode>> it = stage.getValue().fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> labeler = it.next();
                    Price price = prices.get(labeler.getKey());
                    if (price == null) {
                        unpriced.add(labeler.getKey());
                        continue;
                    }
                    JsonNode u = labeler.getValue();
                    // A hedged call's cancelled copy was billed its prompt too.
                    double usd = usd(
                            price,
                            CallCount.PROMPT_TOKENS.in(u) + CallCount.HEDGE_PROMPT_TOKENS.in(u),
                            CallCount.COMPLETION_TOKENS.in(u));
                    double savedUsd =
                            usd(price, CallCount.SAVED_PROMPT_TOKENS.in(u), CallCount.SAVED_COMPLETION_TOKENS.in(u));
                    ObjectNode labelerCost =
                            labelers.putObject(labeler.getKey()).put("usd", usd).put("saved_usd", savedUsd);
                    if (price.batch()) {
                        double batchSaved = usd(
                                        price.online(),
                                        CallCount.PROMPT_TOKENS.in(u) + CallCount.HEDGE_PROMPT_TOKENS.in(u),
                                        CallCount.COMPLETION_TOKENS.in(u))
                                - usd;
                        labelerCost.put("batch_saved_usd", batchSaved);
                        batchSavedTotal += batchSaved;
                    }
                    long notAsked = CallCount.NOT_ASKED.in(u);
                    if (notAsked > 0) {
                        double notAskedUsd = notAskedUsd(price, u, notAsked);
                        labelerCost.put("not_asked_usd", notAskedUsd);
                        notAskedTotal += notAskedUsd;
                    }
                    stageUsd += usd;
                    stageSaved += savedUsd;
                }
                stageNode.put("usd", stageUsd).put("saved_usd", stageSaved);
                total += stageUsd;
                saved += stageSaved;
            }
            cost.put("usd", total).put("saved_usd", saved);
            if (notAskedTotal > 0) {
                cost.put("not_asked_usd", notAskedTotal);
            }
            if (prices.values().stream().anyMatch(Price::batch)) {
                cost.put("batch_saved_usd", batchSavedTotal);
            }
            unpriced.forEach(cost.putArray("unpriced_labelers")::add);
            return json.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the run summary is JSON written by SummarizeRun: " + e.getMessage(), e);
        }
    }

    /** {@code notAsked} calls at the labeler's mean tokens per answer in this stage ({@code u}); 0 without answers. */
    private static double notAskedUsd(Price price, JsonNode u, long notAsked) {
        long answers = CallCount.ANSWERS.in(u);
        if (answers == 0) {
            return 0;
        }
        double prompt = (CallCount.PROMPT_TOKENS.in(u) + CallCount.SAVED_PROMPT_TOKENS.in(u)) / (double) answers;
        double completion =
                (CallCount.COMPLETION_TOKENS.in(u) + CallCount.SAVED_COMPLETION_TOKENS.in(u)) / (double) answers;
        return notAsked * (prompt * price.inputPerMillion() + completion * price.outputPerMillion()) / 1_000_000d;
    }

    private static double usd(Price price, long promptTokens, long completionTokens) {
        return (promptTokens * price.inputPerMillion() + completionTokens * price.outputPerMillion()) / 1_000_000d;
    }

    static final class AddCostsFn extends DoFn<String, String> {
        private final TreeMap<String, Price> prices;

        AddCostsFn(TreeMap<String, Price> prices) {
            this.prices = prices;
        }

        @ProcessElement
        public void process(@Element String summary, OutputReceiver<String> out) {
            out.output(addCosts(summary, prices));
        }
    }
}
