package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.pipelines.config.ConfigLoader;
import dev.labelpanel.pipelines.run.EmbeddedSimulator;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample run twice against the simulator (SIMULATION) over loopback HTTP, with an 8-token answer budget for the
 * panel, without and with constrained answers
 * (each panel labeler another style: json_schema, guided_choice, grammar, auto; the filler guided_choice, the
 * calibrator grammar, whose self-criticism keeps its reasoning): with constraining on, the default profile's
 * off-format and cut-off no-votes are gone, every panel vote that parsed without constraint is the same label
 * with it, and every refusal stays a refusal (json_schema's come as OpenAI's {@code message.refusal}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConstrainedAnswersIT {
    private static final List<String> PANEL = List.of("llama", "mistral", "qwen", "vicuna");
    private static final Set<String> FORMAT_NO_VOTES = Set.of("both-labels", "unparseable", "cut-off", "empty");

    @TempDir
    static Path tmp;

    private List<Outputs.Row> free;
    private List<Outputs.Row> constrained;

    @BeforeAll
    void labelTheSampleBothWays() throws Exception {
        // A tight answer budget for the panel (8 tokens), as one sets to save cost: wordy answers get cut off.
        Map<String, String> plain = Map.of(
                "latency_scale: 0.05",
                "latency_scale: 0",
                "max_tokens: 64, max_concurrency: 16,\n     price_per_million_input: 0.05",
                "max_tokens: 8, max_concurrency: 16,\n     price_per_million_input: 0.05");
        Map<String, String> styles = new HashMap<>(plain);
        styles.put("model: sim-llama-7b,", "model: sim-llama-7b, constrain: json_schema,");
        styles.put("model: sim-mistral-7b,", "model: sim-mistral-7b, constrain: guided_choice,");
        styles.put("model: sim-qwen-7b,", "model: sim-qwen-7b, constrain: grammar,");
        styles.put("model: sim-vicuna-7b,", "model: sim-vicuna-7b, constrain: auto,");
        styles.put("model: sim-filler-large,", "model: sim-filler-large, constrain: guided_choice,");
        styles.put("model: sim-calibrator-best,", "model: sim-calibrator-best, constrain: grammar,");
        Path freeConfig = RunFixture.sampleConfig(tmp, "dialogues/*.jsonl", tmp.resolve("cache"), plain);
        Path constrainedConfig = RunFixture.sampleConfig(tmp, "dialogues/*.jsonl", tmp.resolve("cache"), styles);
        try (EmbeddedSimulator simulator =
                EmbeddedSimulator.start(ConfigLoader.load(freeConfig).simulator())) {
            String url = simulator.baseUrl();
            assertEquals(
                    PipelineResult.State.DONE, RunFixture.runInProcess(freeConfig, tmp.resolve("free"), "off", url));
            assertEquals(
                    PipelineResult.State.DONE,
                    RunFixture.runInProcess(constrainedConfig, tmp.resolve("constrained"), "off", url));
        }
        free = Outputs.readAll(tmp.resolve("free"));
        constrained = Outputs.readAll(tmp.resolve("constrained"));
        System.out.println("\n| panel max_tokens 8 | items | panel no-votes by reason | fill calls per item |\n"
                + "| --- | --- | --- | --- |\n" + tableRow("free text", free) + tableRow("constrained", constrained));
    }

    /** A BENCHMARKS.md row: items, the panel's no-votes by reason, and filler calls per item. */
    private static String tableRow(String name, List<Outputs.Row> rows) {
        Map<String, Long> reasons = new java.util.TreeMap<>();
        panelVotes(rows).values().stream()
                .filter(v -> v.startsWith("no vote: "))
                .forEach(v -> reasons.merge(v.substring(9).replaceAll(":.*", ""), 1L, Long::sum));
        long fills = 0;
        for (Outputs.Row row : rows) {
            @SuppressWarnings("unchecked")
            List<GenericRecord> votes = (List<GenericRecord>) row.record().get("votes");
            fills += votes.stream()
                    .filter(v -> v.get("labeler").toString().equals("filler"))
                    .count();
        }
        return String.format(
                java.util.Locale.ROOT,
                "| %s | %d | %s | %.3f |%n",
                name,
                rows.size(),
                reasons,
                (double) fills / rows.size());
    }

    /** (item_id + labeler) → the panel vote's label, or "no vote: reason". */
    private static Map<String, String> panelVotes(List<Outputs.Row> rows) {
        Map<String, String> votes = new HashMap<>();
        for (Outputs.Row row : rows) {
            @SuppressWarnings("unchecked")
            List<GenericRecord> all = (List<GenericRecord>) row.record().get("votes");
            for (GenericRecord vote : all) {
                String labeler = vote.get("labeler").toString();
                if (PANEL.contains(labeler)) {
                    Object label = vote.get("label");
                    votes.put(
                            row.get("item_id") + " " + labeler,
                            label != null ? label.toString() : "no vote: " + vote.get("no_vote_reason"));
                }
            }
        }
        return votes;
    }

    private static long formatNoVotes(Map<String, String> votes) {
        return votes.values().stream()
                .filter(v -> v.startsWith("no vote: ") && FORMAT_NO_VOTES.contains(v.substring(9)))
                .count();
    }

    @Test
    void constrainingDropsOffFormatAndCutOffNoVotesToZero() {
        long before = formatNoVotes(panelVotes(free));
        assertTrue(before > 0, "the default profile's 7B panel is off-format at times: " + before);
        assertEquals(0, formatNoVotes(panelVotes(constrained)), "constrained answers are never off-format");
    }

    @Test
    void votesThatParsedUnconstrainedAreTheSameLabelsConstrained() {
        Map<String, String> before = panelVotes(free);
        Map<String, String> after = panelVotes(constrained);
        assertEquals(before.keySet(), after.keySet());
        int compared = 0;
        for (Map.Entry<String, String> e : before.entrySet()) {
            if (!e.getValue().startsWith("no vote") && !after.get(e.getKey()).startsWith("no vote: call-failed")) {
                assertEquals(e.getValue(), after.get(e.getKey()), e.getKey());
                compared++;
            }
        }
        assertTrue(compared > 1500, "compared " + compared + " votes");
    }

    @Test
    void refusalsStayRefusalsAlsoAsAStructuredOutputsMessageRefusal() {
        Map<String, String> before = panelVotes(free);
        Map<String, String> after = panelVotes(constrained);
        int refusals = 0;
        int structured = 0;
        for (Map.Entry<String, String> e : before.entrySet()) {
            if (e.getValue().equals("no vote: refusal")
                    && !after.get(e.getKey()).startsWith("no vote: call-failed")) {
                assertEquals("no vote: refusal", after.get(e.getKey()), e.getKey());
                refusals++;
                structured += e.getKey().endsWith(" llama") ? 1 : 0; // llama: json_schema, refused in message.refusal
            }
        }
        assertTrue(refusals > 0 && structured > 0, refusals + " refusals, " + structured + " of them json_schema");
    }

    @Test
    void theCalibratorsConstrainedSelfCriticismEndsInAFinalLabel() {
        int critiques = 0;
        for (Outputs.Row row : constrained) {
            GenericRecord calibration = (GenericRecord) row.record().get("calibration");
            GenericRecord critique = calibration == null ? null : (GenericRecord) calibration.get("critique_answer");
            if (critique != null && critique.get("no_vote_reason") == null) {
                assertNotNull(critique.get("label"));
                assertTrue(critique.get("raw_answer").toString().contains("\nFinal label: " + critique.get("label")));
                critiques++;
            }
        }
        assertTrue(critiques > 0, "some calibrations were self-criticised");
    }
}
