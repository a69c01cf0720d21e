package dev.labelpanel.transforms.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.labelpanel.schemas.Vote;
import dev.labelpanel.simulator.LabelerSimulator;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import dev.labelpanel.transforms.prompt.LabelSet;
import dev.labelpanel.transforms.vote.LabelParser;
import dev.labelpanel.transforms.vote.Votes;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A model that always refuses, against the simulator over real HTTP: under {@code json_schema} (OpenAI's structured
 * outputs) its refusal comes as {@code message.refusal} and the answer is marked refused by the provider; under
 * {@code guided_choice} it comes as content, read by its wording. Either way the vote is a refusal.
 */
class StructuredRefusalSimulatorTest {
    private static final String PROFILE = """
      seed: 3
      models:
        - {name: refuser, accuracy: 0.9, refusal: {rate: 1.0}}
      """;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"JSON_SCHEMA, true", "GUIDED_CHOICE, false"})
    void aRefusalIsARefusalVoteAndOnlyJsonSchemaMarksItRefused(Constraint style, boolean markedByProvider)
            throws Exception {
        try (LabelerSimulator sim = LabelerSimulator.builder(SimulatorProfile.parse(PROFILE, dir))
                .latencyScale(0)
                .start()) {
            Labeler labeler = TestLabelers.of(sim.baseUrl(), "refuser", "sim-refuser", style, false, null);
            LabelParser parser = new LabelParser(LabelSet.defaults());
            for (int i = 0; i < 4; i++) {
                LabelerAnswer answer =
                        labeler.ask(List.of(ChatMessage.user("item " + i)), 16).get(20, TimeUnit.SECONDS);
                Vote vote = Votes.first(labeler, answer, parser);
                assertEquals(markedByProvider, answer.refused(), answer.content());
                assertNull(vote.getLabel());
                assertEquals("refusal", vote.getNoVoteReason(), answer.content());
            }
        }
    }
}
