package dev.labelpanel.transforms.vote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labelpanel.simulator.answer.Answer;
import dev.labelpanel.simulator.answer.AnswerKind;
import dev.labelpanel.simulator.answer.ModelBehaviour;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import dev.labelpanel.transforms.prompt.LabelSet;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads thousands of answers the simulator's own models produce (every wording: label, off-format, refusal, critique)
 * and checks the parser reads the label the simulator meant.
 */
class LabelParserSimulatorTest {
    private static final String PROFILE = "seed: 7\n"
            + "labels:\n"
            + "  - {name: NSFW, description: \"%s\"}\n"
            + "  - {name: SFW, description: \"%s\"}\n"
            + "models:\n"
            + "  - name: wordy\n"
            + "    accuracy_by_label: {NSFW: 0.7, SFW: 0.7}\n"
            + "    refusal: {rate: 0.1, by_label: {NSFW: 0.2}, content_filter_share: 0.3}\n"
            + "    off_format_rate: 0.6\n"
            + "    latency: {median_ms: 1, p99_ms: 2, per_output_token_ms: 0}\n"
            + "    self_criticism: {correct_wrong: 0.5, flip_right: 0.2}\n";

    @ParameterizedTest(name = "descriptions from {0}")
    @ValueSource(strings = {"simulator", "labelpanel"})
    void readsEverySimulatedAnswerAsTheSimulatorMeantIt(String descriptions) {
        LabelSet ours = LabelSet.defaults();
        String yaml = descriptions.equals("simulator")
                ? String.format(PROFILE, "pornographic or sexually explicit content", "everything else")
                : String.format(PROFILE, ours.description("NSFW"), ours.description("SFW"));
        SimulatorProfile profile = SimulatorProfile.parse(yaml, Path.of("."));
        ModelBehaviour model =
                new ModelBehaviour(profile.models().get("wordy"), profile.confusion("wordy"), profile.labels());
        LabelParser parser = new LabelParser(ours);
        Map<AnswerKind, Integer> seen = new EnumMap<>(AnswerKind.class);
        for (int seed = 0; seed < 3000; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            String truth = seed % 2 == 0 ? "NSFW" : "SFW";
            Answer first = model.answerItem(truth, random);
            seen.merge(first.kind(), 1, Integer::sum);
            assertEquals(expected(first), parser.parse(first.content(), first.finishReason()), first.content());
            Answer critique = model.answerCritique(truth, first.content(), random);
            seen.merge(critique.kind(), 1, Integer::sum);
            assertEquals(
                    expected(critique),
                    parser.parseFinal(critique.content(), critique.finishReason()),
                    critique.content());
        }
        assertEquals(AnswerKind.values().length, seen.size(), "every answer kind was produced: " + seen);
    }

    private static ParsedLabel expected(Answer answer) {
        return answer.label() == null ? ParsedLabel.noVote(NoVoteReason.REFUSAL) : ParsedLabel.vote(answer.label());
    }
}
