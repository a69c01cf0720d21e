package dev.labelpanel.pipelines.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labelpanel.pipelines.config.LabelingConfig;
import dev.labelpanel.pipelines.config.LabelingPlan;
import dev.labelpanel.pipelines.config.RunConfig;
import dev.labelpanel.transforms.aggregate.Aggregation;
import dev.labelpanel.transforms.label.LabelingSpec;
import dev.labelpanel.transforms.llm.LabelerSpec;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How a run labels, as its run summary records it in the {@code method} section: the label names (in
 * {@code label_id} order), the vote rule, the aggregation ({@code majority} or {@code dawid-skene}; null in outputs
 * written before it was recorded), the labelers of each role with their models, and whether the embedded simulator
 * answered (SIMULATION). Outputs written before the section existed read back as {@link #NOT_RECORDED}.
 */
public record RunMethod(
        boolean recorded,
        boolean labeled,
        boolean simulated,
        List<String> labels,
        String voteRule,
        String aggregation,
        List<Role> panel,
        Role filler,
        Role calibrator) {

    /** The summary's top-level field that holds the method. */
    public static final String SECTION = SummaryKey.method().path();

    /** The method of an output whose summary has no {@code method} section. */
    public static final RunMethod NOT_RECORDED =
            new RunMethod(false, false, false, List.of(), null, null, List.of(), null, null);

    /** A labeler in a role: its name in the config and the model its endpoint is asked for. */
    public record Role(String name, String model) {}

    /** The {@code method} section for a run of {@code config}; {@code labeling} is null for a run without labelers. */
    public static String json(RunConfig config, LabelingSpec labeling) {
        ObjectNode method = new ObjectMapper().createObjectNode();
        method.put("labeled", labeling != null);
        if (labeling == null) {
            method.put("simulated", false);
            return method.toString();
        }
        Map<String, LabelingConfig.Labeler> byName =
                config.labelers().stream().collect(Collectors.toMap(LabelingConfig.Labeler::name, Function.identity()));
        List<LabelerSpec> all = new ArrayList<>(labeling.panel());
        all.add(labeling.filler());
        all.add(labeling.calibrator());
        method.put(
                "simulated",
                all.stream()
                        .anyMatch(l -> LabelingPlan.SIMULATOR.equals(
                                byName.get(l.name()).baseUrl())));
        ArrayNode labels = method.putArray("labels");
        labeling.prompts().labels().names().forEach(labels::add);
        method.put("vote_rule", labeling.voteRule().toString());
        method.put("aggregation", labeling.aggregation().toString());
        ArrayNode panel = method.putArray("panel");
        labeling.panel().forEach(l -> role(panel.addObject(), l, byName));
        role(method.putObject("filler"), labeling.filler(), byName);
        role(method.putObject("calibrator"), labeling.calibrator(), byName);
        return method.toString();
    }

    private static void role(ObjectNode node, LabelerSpec labeler, Map<String, LabelingConfig.Labeler> byName) {
        node.put("name", labeler.name()).put("model", byName.get(labeler.name()).model());
    }

    /** The method recorded in {@code summary}, or {@link #NOT_RECORDED}. */
    public static RunMethod of(RunSummary summary) {
        JsonNode m = summary.root().path(SECTION);
        if (!m.isObject()) {
            return NOT_RECORDED;
        }
        List<String> labels = new ArrayList<>();
        m.path("labels").forEach(l -> labels.add(l.asText()));
        List<Role> panel = new ArrayList<>();
        m.path("panel").forEach(r -> panel.add(role(r)));
        return new RunMethod(
                true,
                m.path("labeled").asBoolean(),
                m.path("simulated").asBoolean(),
                List.copyOf(labels),
                text(m.path("vote_rule")),
                text(m.path("aggregation")),
                List.copyOf(panel),
                role(m.path("filler")),
                role(m.path("calibrator")));
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    /** Whether a Dawid-Skene model fitted to the panel votes gave the stage-1 labels ({@code aggregation}). */
    public boolean dawidSkene() {
        return Aggregation.Method.DAWID_SKENE.wireName().equals(aggregation);
    }

    private static Role role(JsonNode node) {
        return node.isObject()
                ? new Role(node.path("name").asText(), node.path("model").asText())
                : null;
    }

    /** Every labeler of the run, panel first, then the filler and the calibrator. */
    public List<Role> labelers() {
        List<Role> all = new ArrayList<>(panel);
        if (filler != null) {
            all.add(filler);
        }
        if (calibrator != null) {
            all.add(calibrator);
        }
        return all;
    }
}
