package dev.labelpanel.simulator;

import dev.labelpanel.simulator.profile.SimulatorProfile;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Tests against a simulator of one YAML profile, started for each test at a latency scale (0 unless given: without
 * latency), and a client for it.
 */
abstract class SimulatorTestBase {
    private final String profile;
    private final double latencyScale;

    protected LabelerSimulator sim;
    protected ChatClient client;

    SimulatorTestBase(String profile) {
        this(profile, 0);
    }

    SimulatorTestBase(String profile, double latencyScale) {
        this.profile = profile;
        this.latencyScale = latencyScale;
    }

    @BeforeEach
    final void startSimulator() {
        sim = LabelerSimulator.builder(SimulatorProfile.parse(profile, Path.of(".")))
                .latencyScale(latencyScale)
                .start();
        client = new ChatClient(sim);
    }

    @AfterEach
    final void stopSimulator() {
        sim.close();
    }
}
