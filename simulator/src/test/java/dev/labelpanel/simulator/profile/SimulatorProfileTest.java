package dev.labelpanel.simulator.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorProfileTest {
    private static final Path CONFIGS = Path.of("..", "configs", "simulator");

    @TempDir
    Path dir;

    @Test
    void shippedProfilesLoad() {
        SimulatorProfile panel = SimulatorProfile.load(CONFIGS.resolve("panel-default.yaml"));
        SimulatorProfile faults = SimulatorProfile.load(CONFIGS.resolve("faults.yaml"));
        assertEquals(6, panel.models().size());
        assertEquals(panel.models().keySet(), faults.models().keySet());
        assertEquals(0.91, panel.confusion("sim-mistral-7b").probability("NSFW", "NSFW"), 1e-9);
        assertEquals(0.10, faults.models().get("sim-qwen-7b").faults().rateLimited(), 1e-9);
    }

    @Test
    void accuracySpreadsErrorsOverOtherLabels() {
        SimulatorProfile profile = SimulatorProfile.parse(
                "labels: [{name: A}, {name: B}, {name: C}]\npositive_label: A\ndefault_label: C\n"
                        + "models: [{name: m, accuracy: 0.7, accuracy_by_label: {B: 0.5}}]\n",
                dir);
        assertEquals(0.15, profile.confusion("m").probability("A", "C"), 1e-9);
        assertEquals(0.25, profile.confusion("m").probability("B", "A"), 1e-9);
    }

    @Test
    void invalidRateNamesFieldAndValue() {
        ProfileException e = assertThrows(
                ProfileException.class,
                () -> SimulatorProfile.parse("models: [{name: m, accuracy: 0.9, faults: {timeout: 1.5}}]", dir));
        assertEquals("models[0].faults.timeout must be a probability between 0 and 1 but was 1.5", e.getMessage());
    }

    @Test
    void misspelledKeyIsRejected() {
        ProfileException e = assertThrows(
                ProfileException.class, () -> SimulatorProfile.parse("models: [{name: m, acuracy: 0.9}]", dir));
        assertTrue(e.getMessage().contains("acuracy"), e.getMessage());
    }

    @Test
    void missingGroundTruthFileIsAnErrorButEmptyGlobIsNot() throws Exception {
        String models = "models: [{name: m, accuracy: 1}]\n";
        ProfileException e = assertThrows(
                ProfileException.class, () -> SimulatorProfile.parse("ground_truth: [gold/x.jsonl]\n" + models, dir));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertEquals(
                0,
                SimulatorProfile.parse("ground_truth: [gold/*.jsonl]\n" + models, dir)
                        .groundTruthFiles()
                        .size());
        Files.createDirectories(dir.resolve("gold"));
        Files.writeString(dir.resolve("gold/a.jsonl"), "");
        assertEquals(
                1,
                SimulatorProfile.parse("ground_truth: [gold/*.jsonl]\n" + models, dir)
                        .groundTruthFiles()
                        .size());
    }
}
