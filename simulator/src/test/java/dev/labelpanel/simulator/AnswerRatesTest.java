package dev.labelpanel.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each answer kind appears at its configured rate, over real HTTP. Items alternate between lexicon-NSFW and
 * lexicon-SFW texts; expected counts are checked within 5 binomial standard deviations.
 */
class AnswerRatesTest {
    private static final int ITEMS = 4000;
    private static final String PROFILE = "seed: 11\n"
            + "models:\n"
            + "  - name: biased\n"
            + "    confusion: {NSFW: {NSFW: 0.7, SFW: 0.3}, SFW: {NSFW: 0.1, SFW: 0.9}}\n"
            + "    refusal: {rate: 0.05, by_label: {NSFW: 0.2}, content_filter_share: 0.5}\n"
            + "    off_format_rate: 0.1\n";

    private static LabelerSimulator sim;
    private static final List<JsonNode> nsfw = new ArrayList<>();
    private static final List<JsonNode> sfw = new ArrayList<>();

    @BeforeAll
    static void run() throws Exception {
        sim = LabelerSimulator.builder(SimulatorProfile.parse(PROFILE, Path.of(".")))
                .latencyScale(0)
                .start();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            String text =
                    i % 2 == 0 ? "message " + i + ": take off your clothes" : "message " + i + ": the train is late";
            bodies.add(ChatClient.body("biased", "user", Prompts.utterance(text)));
        }
        List<ChatClient.Result> results = new ChatClient(sim).sendAll(bodies);
        for (int i = 0; i < ITEMS; i++) {
            assertEquals(200, results.get(i).code());
            (i % 2 == 0 ? nsfw : sfw)
                    .add(ChatClient.JSON.readTree(results.get(i).body()).at("/choices/0"));
        }
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static void assertRate(String what, long count, int n, double p) {
        double sigma = Math.sqrt(n * p * (1 - p));
        assertTrue(
                Math.abs(count - n * p) <= 5 * sigma + 1,
                what + ": " + count + " of " + n + ", expected " + n * p + " ± " + 5 * sigma);
    }

    private static long count(List<JsonNode> choices, java.util.function.Predicate<JsonNode> test) {
        return choices.stream().filter(test).count();
    }

    private static boolean refusal(JsonNode choice) {
        String content = choice.at("/message/content").asText();
        return !content.contains("NSFW") && !content.contains("SFW");
    }

    @Test
    void refusalsFollowTheRatePerTrueLabel() {
        assertRate("NSFW refusals", count(nsfw, AnswerRatesTest::refusal), nsfw.size(), 0.2);
        assertRate("SFW refusals", count(sfw, AnswerRatesTest::refusal), sfw.size(), 0.05);
        long refusals = count(nsfw, AnswerRatesTest::refusal) + count(sfw, AnswerRatesTest::refusal);
        long filtered = count(nsfw, c -> c.get("finish_reason").asText().equals("content_filter"))
                + count(sfw, c -> c.get("finish_reason").asText().equals("content_filter"));
        assertRate("content_filter share", filtered, (int) refusals, 0.5);
        assertEquals(refusals, sim.stats().model("biased").refusals());
    }

    @Test
    void offFormatAnswersFollowTheRate() {
        List<JsonNode> all = new ArrayList<>(nsfw);
        all.addAll(sfw);
        long offFormat = count(
                all, c -> !refusal(c) && !c.at("/message/content").asText().matches("N?SFW"));
        double pRefusal = (0.2 + 0.05) / 2;
        assertRate("off-format answers", offFormat, ITEMS, 0.1);
        assertRate(
                "label-only answers",
                count(all, c -> c.at("/message/content").asText().matches("N?SFW")),
                ITEMS,
                1 - 0.1 - pRefusal);
        assertEquals(offFormat, sim.stats().model("biased").answers("off_format"));
    }

    @Test
    void labelsFollowTheConfusionMatrix() {
        // Among non-refused answers, the label drawn is independent of the answer's wording.
        List<JsonNode> answeredNsfw = nsfw.stream().filter(c -> !refusal(c)).toList();
        List<JsonNode> answeredSfw = sfw.stream().filter(c -> !refusal(c)).toList();
        assertRate("NSFW items called NSFW", count(answeredNsfw, AnswerRatesTest::saysNsfw), answeredNsfw.size(), 0.7);
        assertRate("SFW items called NSFW", count(answeredSfw, AnswerRatesTest::saysNsfw), answeredSfw.size(), 0.1);
    }

    /** The label an answer expresses: the last label named, as off-format answers end with their choice. */
    private static boolean saysNsfw(JsonNode choice) {
        String content = choice.at("/message/content").asText();
        int nsfwAt = content.lastIndexOf("NSFW");
        int sfwAt = content.replace("NSFW", "----").lastIndexOf("SFW");
        return nsfwAt > sfwAt;
    }
}
