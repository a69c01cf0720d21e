package dev.labelpanel.pipelines.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.pipelines.config.ConfigLoader;
import dev.labelpanel.pipelines.config.RunConfig;
import dev.labelpanel.pipelines.run.EmbeddedSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate --ping} names the model each endpoint answered as, and warns when it is not the configured one. */
class EndpointPingTest {
    @TempDir
    Path tmp;

    @Test
    void aPingPrintsTheServedModelAndWarnsWhenItDiffers() throws Exception {
        List<EndpointPing.Outcome> outcomes = ping(
                "  - {name: sim-a, accuracy: 0.9, served_as: sim-a-2024-07-18}\n"
                        + "  - {name: sim-b, accuracy: 0.9}\n",
                "  - {name: a, base_url: simulator, model: sim-a}\n"
                        + "  - {name: b, base_url: simulator, model: sim-b}\n");
        assertEquals(2, outcomes.size());
        EndpointPing.Outcome a = outcomes.get(0);
        assertEquals("sim-a-2024-07-18", a.servedModel());
        assertTrue(a.render().contains("served by sim-a-2024-07-18 — WARNING: not the configured model"), a.render());
        EndpointPing.Outcome b = outcomes.get(1);
        assertTrue(b.render().contains("OK (") && b.render().contains("served by sim-b)"), b.render());
    }

    @Test
    void aConstraintTheEndpointRejectsIsOneClearErrorAtPingTime() throws Exception {
        List<EndpointPing.Outcome> outcomes = ping(
                "  - {name: sim-openai, accuracy: 0.9, unsupported_parameters: [guided_choice]}\n",
                "  - {name: a, base_url: simulator, model: sim-openai, constrain: guided_choice}\n"
                        + "  - {name: b, base_url: simulator, model: sim-openai, constrain: json_schema, logprobs: true}\n");
        assertEquals(2, outcomes.size(), "one ping per endpoint and request shape");
        EndpointPing.Outcome a = outcomes.get(0);
        assertEquals("a", a.labelers());
        assertTrue(
                a.error().contains("HTTP 400")
                        && a.error().contains("Unrecognized request argument supplied: guided_choice")
                        && a.error().contains("may not accept the labeler's constrain: guided_choice"),
                a.error());
        assertTrue(outcomes.get(1).ok(), outcomes.get(1).render());
    }

    @Test
    void anAutoLabelerPingsWithoutAConstraintSinceTheRunFallsBack() throws Exception {
        List<EndpointPing.Outcome> outcomes = ping(
                "  - {name: sim-plain, accuracy: 0.9, unsupported_parameters: [response_format, guided_choice,"
                        + " guided_json, grammar]}\n",
                "  - {name: a, base_url: simulator, model: sim-plain, constrain: auto}\n"
                        + "  - {name: b, base_url: simulator, model: sim-plain, constrain: json_schema}\n");
        assertTrue(outcomes.get(0).ok(), outcomes.get(0).render());
        assertTrue(outcomes.get(1).error().contains("may not accept the labeler's constrain: json_schema"));
    }

    /** Pings labelers {@code a} and {@code b} (YAML list items) on an embedded simulator of {@code models}. */
    private List<EndpointPing.Outcome> ping(String models, String labelers) throws Exception {
        Path profile = tmp.resolve("profile.yaml");
        Files.writeString(profile, "seed: 1\nmodels:\n" + models);
        RunConfig config = ConfigLoader.parse(
                "input: {paths: [x.jsonl]}\n"
                        + "simulator: {profile: '" + profile + "', latency_scale: 0}\n"
                        + "labelers:\n"
                        + labelers
                        + "roles: {panel: [a, b], filler: b, calibrator: b}\n",
                "ping.yaml");
        try (EmbeddedSimulator sim = EmbeddedSimulator.start(config.simulator())) {
            return EndpointPing.ping(config, sim.baseUrl());
        }
    }
}
