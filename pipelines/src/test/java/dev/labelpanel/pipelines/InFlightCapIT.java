package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.simulator.LabelerSimulator;
import dev.labelpanel.simulator.SimulatorStats;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code max_concurrency} holds through the whole pipeline: with a cap of 8 per labeler and answers taking about
 * 100 ms, the simulator (SIMULATION) sees each panel model at exactly 8 requests in flight at its busiest, never more.
 * The same with {@code panel_mode: adaptive}, for the three members it asks first (the sample's equal prices: panel
 * order), which answer every item: an adaptive panel still keeps its busy endpoints at their cap, the condition for
 * running at the endpoint-concurrency bound (BENCHMARKS.md, "efficiency").
 */
class InFlightCapIT {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"full", "adaptive"})
    void eachEndpointReachesItsCapAndNeverPassesIt(String panelMode) throws Exception {
        Path config = RunFixture.firstDialoguesConfig(
                tmp,
                30,
                Map.of(
                        "max_concurrency: 16,",
                        "max_concurrency: 8,",
                        // A hedge's cancelled original still runs at the server until its reply is due, so the
                        // server can see cap + 1: the cap is the client's, and this test counts at the server.
                        "max_items_in_flight: 256",
                        "limits: {hedge_fraction: 0}\nmax_items_in_flight: 256",
                        "vote_rule: panel-majority",
                        "vote_rule: panel-majority\npanel_mode: " + panelMode));
        SimulatorProfile profile =
                SimulatorProfile.load(RunFixture.ROOT.resolve("configs/simulator/panel-default.yaml"));
        // Panel medians of 500-800 ms scaled by 0.15: about 100 ms an answer. A 'timeout' fault is dropped after
        // 200 ms, before the client gives up, so a slot is never freed while its request still runs at the server.
        SimulatorStats stats = RunFixture.runAgainst(
                LabelerSimulator.builder(profile).seed(42).latencyScale(0.15).timeoutFaultHang(Duration.ofMillis(200)),
                config,
                tmp.resolve("out"));
        int alwaysAsked = panelMode.equals("full") ? 4 : 3;
        for (String model : RunFixture.PANEL_MODELS.subList(0, alwaysAsked)) {
            assertEquals(8, stats.model(model).inFlightMax(), model + " at its busiest");
        }
        for (String model : RunFixture.PANEL_MODELS.subList(alwaysAsked, 4)) {
            assertTrue(
                    stats.model(model).inFlightMax() <= 8,
                    model + ": " + stats.model(model).inFlightMax());
        }
        for (String model : new String[] {"sim-filler-large", "sim-calibrator-best"}) {
            assertTrue(
                    stats.model(model).inFlightMax() <= 8,
                    model + ": " + stats.model(model).inFlightMax());
        }
    }
}
