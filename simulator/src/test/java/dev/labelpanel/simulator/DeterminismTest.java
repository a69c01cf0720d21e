package dev.labelpanel.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.labelpanel.simulator.profile.SimulatorProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Answers are a function of (seed, model, messages): identical on rerun, different under another seed. */
class DeterminismTest {
    private static final String PROFILE =
            "seed: 1\nmodels:\n  - name: coin\n    accuracy: 0.5\n    off_format_rate: 0.3\n"
                    + "  - name: coin-2\n    accuracy: 0.5\n    off_format_rate: 0.3\n";

    private static List<String> answers(long seed, String model) {
        SimulatorProfile profile = SimulatorProfile.parse(PROFILE, Path.of("."));
        try (LabelerSimulator sim =
                LabelerSimulator.builder(profile).seed(seed).latencyScale(0).start()) {
            ChatClient client = new ChatClient(sim);
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                answers.add(client.answer(ChatClient.body(model, "user", Prompts.utterance("text number " + i))));
            }
            // The same request again on the same server: still the same answer.
            assertEquals(
                    answers.get(0), client.answer(ChatClient.body(model, "user", Prompts.utterance("text number 0"))));
            return answers;
        }
    }

    @Test
    void sameSeedSameAnswersAcrossServers() {
        assertEquals(answers(1, "coin"), answers(1, "coin"));
    }

    @Test
    void otherSeedOrOtherModelChangesAnswers() {
        List<String> base = answers(1, "coin");
        assertNotEquals(base, answers(2, "coin"));
        assertNotEquals(base, answers(1, "coin-2"));
    }
}
