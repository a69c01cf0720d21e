package dev.labelpanel.simulator;

import dev.labelpanel.simulator.profile.SimulatorProfile;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Tests against a simulator of one YAML profile without latency, started for each test, and a client for it. */
abstract class SimulatorTestBase {
    private final String profile;

    protected LabelerSimulator sim;
    protected ChatClient client;

    SimulatorTestBase(String profile) {
        this.profile = profile;
    }

    @BeforeEach
    final void startSimulator() {
        sim = LabelerSimulator.builder(SimulatorProfile.parse(profile, Path.of(".")))
                .latencyScale(0)
                .start();
        client = new ChatClient(sim);
    }

    @AfterEach
    final void stopSimulator() {
        sim.close();
    }
}
