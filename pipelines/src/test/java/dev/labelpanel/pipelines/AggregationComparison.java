package dev.labelpanel.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.pipelines.config.ConfigLoader;
import dev.labelpanel.pipelines.config.LabelingConfig;
import dev.labelpanel.pipelines.run.EmbeddedSimulator;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import dev.labelpanel.simulator.truth.GroundTruth;
import dev.labelpanel.simulator.truth.LexiconRule;
import dev.labelpanel.simulator.truth.Truth;
import dev.labelpanel.transforms.summary.PanelStatistics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.PipelineResult;

/**
 * One input labeled twice against one simulator profile (SIMULATION), with {@code aggregation: majority} and with
 * {@code dawid-skene}; both runs share a response cache, so they see the very same answers. Every row is checked
 * against the truth the simulator drew its answers from (the profile's gold labels, else its lexicon rule), looked
 * up with the simulator's own {@link GroundTruth}. Used by AggregationIT (a
 * slice of the CensorChat pools) and AggregationBenchmark (the whole pools); prints the tables BENCHMARKS.md shows.
 */
final class AggregationComparison {
    static final String MAJORITY = "majority";
    static final String DAWID_SKENE = "dawid-skene";
    static final List<String> PANEL = List.of("llama", "mistral", "qwen", "vicuna");
    static final List<String> SPLITS = List.of("train", "validation", "test");

    private final String profile;
    private final GroundTruth truth;
    private final Map<String, List<Outputs.Row>> rows = new HashMap<>();
    private final Map<String, JsonNode> summaries = new HashMap<>();

    private AggregationComparison(String profile, GroundTruth truth) {
        this.profile = profile;
        this.truth = truth;
    }

    /**
     * Labels {@code input} (a glob) with the sample config against configs/simulator/{@code profile}.yaml at zero
     * latency, once per aggregation, against one embedded simulator; writes configs, cache and outputs under
     * {@code work}.
     */
    static AggregationComparison run(Path work, String profile, String input) throws Exception {
        Function<String, Path> configFor = aggregation -> config(work, input, profile, aggregation);
        LabelingConfig.Simulator sim =
                ConfigLoader.load(configFor.apply(MAJORITY)).simulator();
        SimulatorProfile loaded = SimulatorProfile.load(Path.of(sim.profile()));
        AggregationComparison out = new AggregationComparison(
                profile, GroundTruth.load(loaded.groundTruthFiles(), loaded.labels(), LexiconRule.bundled()));
        try (EmbeddedSimulator simulator = EmbeddedSimulator.start(sim)) {
            for (String aggregation : List.of(MAJORITY, DAWID_SKENE)) {
                Path dir = work.resolve(profile + "-" + aggregation);
                PipelineResult.State state =
                        RunFixture.runInProcess(configFor.apply(aggregation), dir, "use", simulator.baseUrl());
                if (state != PipelineResult.State.DONE) {
                    throw new IllegalStateException(profile + "/" + aggregation + " ended " + state);
                }
                out.rows.put(aggregation, Outputs.readAll(dir));
                out.summaries.put(
                        aggregation,
                        new ObjectMapper()
                                .readTree(dir.resolve("run-summary.json").toFile()));
            }
        }
        return out;
    }

    private static Path config(Path work, String input, String profile, String aggregation) {
        try {
            return RunFixture.sampleConfig(
                    work,
                    input,
                    work.resolve("cache-" + profile),
                    Map.of(
                            "panel-default.yaml", profile + ".yaml",
                            "latency_scale: 0.05", "latency_scale: 0",
                            "aggregation: majority", "aggregation: " + aggregation));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Outputs.Row> rows(String aggregation) {
        return rows.get(aggregation);
    }

    JsonNode summary(String aggregation) {
        return summaries.get(aggregation);
    }

    /** The truth the simulator answered {@code row}'s item from. */
    Truth truthOf(Outputs.Row row) {
        @SuppressWarnings("unchecked")
        List<GenericRecord> context = (List<GenericRecord>) row.record().get("context");
        String rendered = context == null || context.isEmpty()
                ? null
                : context.stream()
                        .map(t -> speaker(t.get("role").toString()) + ": " + t.get("text"))
                        .collect(Collectors.joining("\n"));
        return truth.lookup(row.get("text"), rendered);
    }

    private static String speaker(String role) {
        String r = role.trim();
        return r.isEmpty()
                ? "Unknown"
                : r.substring(0, 1).toUpperCase(Locale.ROOT) + r.substring(1).toLowerCase(Locale.ROOT);
    }

    /** The share of {@code aggregation}'s final labels that are the truth, on {@code split} (null: all). */
    double accuracy(String aggregation, String split) {
        int[] c = new int[2];
        for (Outputs.Row row : rows.get(aggregation)) {
            if (split == null || split.equals(row.get("split"))) {
                c[truthOf(row).label().equals(row.get("label")) ? 0 : 1]++;
            }
        }
        return share(c);
    }

    /** Each panel labeler's share of valid answers that are the truth (from the Dawid-Skene run's votes). */
    Map<String, Double> measuredAccuracies() {
        Map<String, int[]> counts = new HashMap<>();
        for (Outputs.Row row : rows.get(DAWID_SKENE)) {
            String label = truthOf(row).label();
            for (GenericRecord vote : votes(row)) {
                String labeler = vote.get("labeler").toString();
                if (PANEL.contains(labeler) && vote.get("label") != null) {
                    counts.computeIfAbsent(labeler, k -> new int[2])[
                            label.equals(vote.get("label").toString()) ? 0 : 1]++;
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        PANEL.forEach(labeler -> out.put(labeler, share(counts.get(labeler))));
        return out;
    }

    /** Each panel labeler's accuracy as the Dawid-Skene run's summary estimates it (from the votes alone). */
    Map<String, Double> estimatedAccuracies() {
        JsonNode labelers =
                summaries.get(DAWID_SKENE).path(PanelStatistics.DAWID_SKENE).path("labelers");
        Map<String, Double> out = new LinkedHashMap<>();
        PANEL.forEach(labeler ->
                out.put(labeler, labelers.path(labeler).path("accuracy").asDouble(Double.NaN)));
        return out;
    }

    /** Items with a majority label, and of them how many the Dawid-Skene posterior's argmax labels the same. */
    long[] argmaxAgreesWithMajority() {
        Map<String, Long> c = argmaxAgainstMajority();
        long compared = c.values().stream().mapToLong(Long::longValue).sum();
        return new long[] {compared, c.getOrDefault("agree", 0L)};
    }

    /**
     * The items with a majority label, by "agree" or, where the posterior's argmax differs, by the majority label and
     * the panel's votes for it, e.g. "NSFW 3 of 4 valid".
     */
    Map<String, Long> argmaxAgainstMajority() {
        Map<String, String> majority = new HashMap<>();
        for (Outputs.Row row : rows.get(MAJORITY)) {
            if (row.get("stage1_label") != null) {
                majority.put(row.get("item_id") + " " + row.get("granularity"), row.get("stage1_label"));
            }
        }
        Map<String, Long> out = new java.util.TreeMap<>();
        for (Outputs.Row row : rows.get(DAWID_SKENE)) {
            String label = majority.get(row.get("item_id") + " " + row.get("granularity"));
            if (label == null) {
                continue;
            }
            String key = "agree";
            if (!label.equals(argmax(row))) {
                List<String> panel = votes(row).stream()
                        .filter(v -> PANEL.contains(v.get("labeler").toString()) && v.get("label") != null)
                        .map(v -> v.get("label").toString())
                        .toList();
                key = label + " " + panel.stream().filter(label::equals).count() + " of " + panel.size() + " valid";
            }
            out.merge(key, 1L, Long::sum);
        }
        return out;
    }

    /** The class priors the Dawid-Skene run estimated. */
    JsonNode priors() {
        return summaries.get(DAWID_SKENE).path(PanelStatistics.DAWID_SKENE).path("priors");
    }

    /** Items whose final label is the same in both runs, and all items. */
    long[] finalLabelsAgree() {
        Map<String, String> majority = new HashMap<>();
        for (Outputs.Row row : rows.get(MAJORITY)) {
            majority.put(row.get("item_id") + " " + row.get("granularity"), row.get("label"));
        }
        long agreed = rows.get(DAWID_SKENE).stream()
                .filter(r ->
                        Objects.equals(majority.get(r.get("item_id") + " " + r.get("granularity")), r.get("label")))
                .count();
        return new long[] {rows.get(DAWID_SKENE).size(), agreed};
    }

    /** Accuracy by split, items sent to the filler and answers per item, one line per aggregation (Markdown). */
    String accuracyTable() {
        StringBuilder out = new StringBuilder("\n" + profile + "\n| aggregation | train | validation | test | all"
                + " | filled | calls/item |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        for (String aggregation : List.of(MAJORITY, DAWID_SKENE)) {
            List<Outputs.Row> run = rows.get(aggregation);
            Map<String, String> cells = new LinkedHashMap<>();
            for (String split : SPLITS) {
                cells.put(split, String.format(Locale.ROOT, "%.3f", accuracy(aggregation, split)));
            }
            long filled =
                    run.stream().filter(r -> r.get("stage1_label") == null).count();
            long calls = 0;
            JsonNode usage = summaries.get(aggregation).path("usage");
            for (var stages = usage.fields(); stages.hasNext(); ) {
                for (var labelers = stages.next().getValue().fields(); labelers.hasNext(); ) {
                    calls += labelers.next().getValue().path("answers").asLong();
                }
            }
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %.3f | %,d of %,d | %.2f |%n",
                    aggregation,
                    cells.get("train"),
                    cells.get("validation"),
                    cells.get("test"),
                    accuracy(aggregation, null),
                    filled,
                    run.size(),
                    (double) calls / run.size()));
        }
        return out.toString();
    }

    /** Both tables, the estimated priors and how the posterior's argmax and the final labels compare. */
    String report() {
        long[] argmax = argmaxAgreesWithMajority();
        long[] labels = finalLabelsAgree();
        return accuracyTable() + "\n" + labelerTable()
                + String.format(
                        Locale.ROOT,
                        "%s: Dawid-Skene priors %s; the posterior's argmax agrees with %,d of %,d majority labels %s;"
                                + " final labels agree on %,d of %,d items%n",
                        profile,
                        priors(),
                        argmax[1],
                        argmax[0],
                        argmaxAgainstMajority(),
                        labels[1],
                        labels[0]);
    }

    /** Estimated against measured accuracy of each panel labeler (Markdown). */
    String labelerTable() {
        Map<String, Double> estimated = estimatedAccuracies();
        Map<String, Double> measured = measuredAccuracies();
        StringBuilder out =
                new StringBuilder("| panel labeler | estimated accuracy | measured accuracy |\n| --- | --- | --- |\n");
        for (String labeler : PANEL) {
            out.append(String.format(
                    Locale.ROOT, "| %s | %.3f | %.3f |%n", labeler, estimated.get(labeler), measured.get(labeler)));
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    static List<GenericRecord> votes(Outputs.Row row) {
        return (List<GenericRecord>) row.record().get("votes");
    }

    private static String argmax(Outputs.Row row) {
        @SuppressWarnings("unchecked")
        List<Double> probs = (List<Double>) row.record().get("label_probs");
        return probs.get(0) >= probs.get(1) ? "NSFW" : "SFW";
    }

    private static double share(int[] c) {
        return (double) c[0] / (c[0] + c[1]);
    }
}
