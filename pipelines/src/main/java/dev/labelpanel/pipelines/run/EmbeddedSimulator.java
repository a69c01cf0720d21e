package dev.labelpanel.pipelines.run;

import dev.labelpanel.pipelines.config.ConfigException;
import dev.labelpanel.pipelines.config.LabelingConfig;
import dev.labelpanel.simulator.LabelerSimulator;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The labeler simulator a config asks for ({@code simulator:} section), started in this JVM on a free loopback
 * port for the length of a run. SIMULATION: its answers come from ground truth plus configured noise.
 */
public final class EmbeddedSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSimulator.class);

    private final LabelerSimulator simulator;

    private EmbeddedSimulator(LabelerSimulator simulator) {
        this.simulator = simulator;
    }

    public static EmbeddedSimulator start(LabelingConfig.Simulator config) {
        SimulatorProfile profile;
        try {
            profile = SimulatorProfile.load(Path.of(config.profile()));
        } catch (RuntimeException e) {
            throw new ConfigException("simulator.profile " + config.profile() + ": " + e.getMessage(), e);
        }
        LabelerSimulator.Builder builder = LabelerSimulator.builder(profile);
        if (config.seed() != null) {
            builder.seed(config.seed());
        }
        if (config.latencyScale() != null) {
            builder.latencyScale(config.latencyScale());
        }
        LabelerSimulator started = builder.start();
        LOG.info(
                "SIMULATION: labeler simulator ({}) at {}",
                Path.of(config.profile()).getFileName(),
                started.baseUrl());
        return new EmbeddedSimulator(started);
    }

    public String baseUrl() {
        return simulator.baseUrl();
    }

    public LabelerSimulator simulator() {
        return simulator;
    }

    @Override
    public void close() {
        simulator.close();
    }
}
