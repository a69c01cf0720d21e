package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.pipelines.config.ConfigLoader;
import dev.labelpanel.pipelines.report.OutputReport;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.EmbeddedSimulator;
import dev.labelpanel.simulator.SimulatorStats;
import dev.labelpanel.transforms.summary.CallCount;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code constrain: auto} on endpoints that reject constrained-decoding fields, end to end against the simulator
 * (SIMULATION) over real HTTP: vicuna's "provider" rejects {@code response_format}, qwen's every constrained field. The
 * run labels every item: vicuna's votes are asked with {@code guided_choice}, qwen's with the plain prompt ({@code
 * none}); each vote, the run summary and the report's labeler table say so. A rerun from the cache sends them nothing, not even the rejected
 * request, and gives the same votes. An explicit {@code json_schema} on the same endpoint still stops the run.
 */
class AutoConstraintFallbackIT {
    private static final String VICUNA = "- name: sim-vicuna-7b\n";
    private static final String QWEN = "- name: sim-qwen-7b\n";

    @TempDir
    Path tmp;

    private Path config(String vicunaStyle) throws Exception {
        Path profile = SampleConfigs.faultFreeProfile(tmp);
        String yaml = Files.readString(profile);
        Files.writeString(
                profile,
                yaml.replace(VICUNA, VICUNA + "    unsupported_parameters: [response_format]\n")
                        .replace(
                                QWEN,
                                QWEN + "    unsupported_parameters: [response_format, guided_choice, guided_json,"
                                        + " grammar]\n"));
        return RunFixture.firstDialoguesConfig(
                tmp,
                20,
                Map.of(
                        "latency_scale: 0.05",
                        "latency_scale: 0",
                        "profile: " + RunFixture.ROOT.resolve("configs/simulator/panel-default.yaml"),
                        "profile: " + profile,
                        "model: sim-vicuna-7b,",
                        "model: sim-vicuna-7b, constrain: " + vicunaStyle + ",",
                        "model: sim-qwen-7b,",
                        "model: sim-qwen-7b, constrain: auto,"));
    }

    /** Runs {@code config} with the response cache against a simulator of its own (a new port: a new endpoint). */
    private static SimulatorStats run(Path config, Path out) throws Exception {
        try (EmbeddedSimulator simulator =
                EmbeddedSimulator.start(ConfigLoader.load(config).simulator())) {
            assertEquals(PipelineResult.State.DONE, RunFixture.runInProcess(config, out, "use", simulator.baseUrl()));
            return simulator.simulator().stats();
        }
    }

    /** (item_id + labeler) → "label or no-vote reason / constraint" of vicuna's and qwen's votes. */
    private static Map<String, String> votes(Path out) throws Exception {
        Map<String, String> votes = new TreeMap<>();
        for (Outputs.Row row : Outputs.readAll(out)) {
            @SuppressWarnings("unchecked")
            java.util.List<GenericRecord> all =
                    (java.util.List<GenericRecord>) row.record().get("votes");
            for (GenericRecord vote : all) {
                String labeler = vote.get("labeler").toString();
                if (labeler.equals("vicuna") || labeler.equals("qwen")) {
                    Object label = vote.get("label");
                    votes.put(
                            row.get("item_id") + " " + labeler,
                            (label != null ? label : vote.get("no_vote_reason")) + " / " + vote.get("constraint"));
                }
            }
        }
        return votes;
    }

    @Test
    void autoFallsBackPerLabelerSaysSoAndARerunCostsNothing() throws Exception {
        Path config = config("auto");
        SimulatorStats first = run(config, tmp.resolve("first"));
        assertTrue(
                first.rejected().getOrDefault("400", 0L) >= 4, "the rejected styles were tried: " + first.rejected());

        Map<String, String> votes = votes(tmp.resolve("first"));
        assertTrue(votes.size() > 40, "votes of both labelers: " + votes.size());
        votes.forEach((key, vote) -> {
            String style = key.endsWith("vicuna") ? "guided_choice" : "none";
            assertTrue(vote.endsWith(" / " + style), key + ": " + vote);
            assertTrue(!vote.startsWith("call-failed"), key + ": " + vote);
        });
        RunSummary summary = RunSummary.read(tmp.resolve("first/run-summary.json"));
        for (String labeler : new String[] {"vicuna", "qwen"}) {
            String style = labeler.equals("vicuna") ? "guided_choice" : "none";
            long answers = summary.count(SummaryKey.calls(labeler, CallCount.ANSWERS));
            assertTrue(answers > 20, labeler + " answers " + answers);
            assertEquals(answers, summary.count(SummaryKey.constraint(labeler, style)), labeler + " in " + style);
        }

        String report =
                Files.readString(OutputReport.write(tmp.resolve("first")).get(0));
        assertTrue(report.contains("sim-vicuna-7b (constrain: guided_choice)"), "the report's labeler table says so");
        assertTrue(report.contains("sim-qwen-7b (constrain: none)"), "the report's labeler table says so");

        SimulatorStats rerun = run(config, tmp.resolve("rerun"));
        assertEquals(0, rerun.model("sim-vicuna-7b").requests());
        assertEquals(0, rerun.model("sim-qwen-7b").requests());
        assertNull(rerun.rejected().get("400"), "not even a rejected request");
        assertEquals(votes, votes(tmp.resolve("rerun")));
    }

    @Test
    void anExplicitStyleTheEndpointRejectsStopsTheRunNamingTheField() throws Exception {
        Path config = config("json_schema");
        Exception e = assertThrows(Exception.class, () -> run(config, tmp.resolve("explicit")));
        String messages = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages += t.getMessage() + "\n";
        }
        assertTrue(messages.contains("HTTP 400") && messages.contains("response_format"), messages);
    }
}
