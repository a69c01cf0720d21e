package dev.labelpanel.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.simulator.profile.SimulatorProfile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The follow-up "re-check your answer" turn corrects or flips with the configured probabilities. */
class SelfCriticismTest {
    private static final String NSFW_TEXT = "I want to have sex with you";

    private static String critique(String profileYaml, String previousAnswer) {
        SimulatorProfile profile = SimulatorProfile.parse(profileYaml, Path.of("."));
        try (LabelerSimulator sim =
                LabelerSimulator.builder(profile).latencyScale(0).start()) {
            return new ChatClient(sim)
                    .answer(ChatClient.body(
                            "m",
                            "system",
                            "You are a content moderator.",
                            "user",
                            Prompts.utterance(NSFW_TEXT),
                            "assistant",
                            previousAnswer,
                            "user",
                            Prompts.critique()));
        }
    }

    private static String finalLabel(String answer) {
        String[] lines = answer.split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("Final label: "), answer);
        return last.substring("Final label: ".length());
    }

    @Test
    void alwaysCorrectingModelFixesAWrongAnswer() {
        String profile = "models: [{name: m, accuracy: 0.0, self_criticism: {correct_wrong: 1.0, flip_right: 0.0}}]";
        assertEquals("NSFW", finalLabel(critique(profile, "SFW")));
        assertEquals("NSFW", finalLabel(critique(profile, "Label: SFW, because it is harmless.")));
    }

    @Test
    void stubbornModelKeepsAWrongAnswer() {
        String profile = "models: [{name: m, accuracy: 1.0, self_criticism: {correct_wrong: 0.0, flip_right: 0.0}}]";
        assertEquals("SFW", finalLabel(critique(profile, "SFW")));
    }

    @Test
    void alwaysFlippingModelAbandonsARightAnswer() {
        String profile = "models: [{name: m, accuracy: 1.0, self_criticism: {correct_wrong: 0.0, flip_right: 1.0}}]";
        assertEquals("SFW", finalLabel(critique(profile, "NSFW")));
    }

    @Test
    void correctionRateIsCounted() throws Exception {
        String yaml =
                "seed: 3\nmodels: [{name: m, accuracy: 1.0, self_criticism: {correct_wrong: 0.3, flip_right: 0}}]";
        try (LabelerSimulator sim = LabelerSimulator.builder(SimulatorProfile.parse(yaml, Path.of(".")))
                .latencyScale(0)
                .start()) {
            java.util.List<String> bodies = new java.util.ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                bodies.add(ChatClient.body(
                        "m",
                        "user",
                        Prompts.utterance(NSFW_TEXT + " " + i),
                        "assistant",
                        "SFW",
                        "user",
                        Prompts.critique()));
            }
            long corrected = 0;
            for (ChatClient.Result result : new ChatClient(sim).sendAll(bodies)) {
                String content = ChatClient.JSON
                        .readTree(result.body())
                        .at("/choices/0/message/content")
                        .asText();
                corrected += finalLabel(content).equals("NSFW") ? 1 : 0;
            }
            double sigma = Math.sqrt(2000 * 0.3 * 0.7);
            assertTrue(Math.abs(corrected - 600) <= 5 * sigma, corrected + " corrections of 2000");
            assertEquals(corrected, sim.stats().model("m").critiqueCorrections());
            assertEquals(2000, sim.stats().model("m").answers("critique"));
        }
    }
}
