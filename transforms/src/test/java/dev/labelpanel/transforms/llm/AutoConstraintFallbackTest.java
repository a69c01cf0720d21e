package dev.labelpanel.transforms.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.schemas.Vote;
import dev.labelpanel.simulator.LabelerSimulator;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import dev.labelpanel.transforms.llm.cache.ResponseCache;
import dev.labelpanel.transforms.llm.cache.SqliteResponseCache;
import dev.labelpanel.transforms.prompt.LabelSet;
import dev.labelpanel.transforms.vote.LabelParser;
import dev.labelpanel.transforms.vote.Votes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code constrain: auto} against the simulator over real HTTP, whose "providers" reject some request fields with a
 * 400 naming them: auto falls back to the next style (down to none) and labels every item in it, records the style in
 * each vote, and caches the fallback answers so a rerun sends nothing; an explicit style still fails loudly.
 */
class AutoConstraintFallbackTest {
    private static final String PROFILE = """
      seed: 5
      models:
        - {name: choice-only, accuracy: 1, unsupported_parameters: [response_format]}
        - {name: plain-only, accuracy: 1, unsupported_parameters: [response_format, guided_choice, guided_json, grammar]}
      """;
    private static final LabelSet LABELS = LabelSet.defaults();
    private static final int ITEMS = 6;

    @TempDir
    Path dir;

    private LabelerSimulator simulator() {
        return LabelerSimulator.builder(SimulatorProfile.parse(PROFILE, dir))
                .latencyScale(0)
                .start();
    }

    private static Labeler labeler(LabelerSimulator sim, String model, Constraint constrain, ResponseCache cache) {
        return TestLabelers.of(sim.baseUrl(), model, "sim-" + model, constrain, false, cache);
    }

    private static String text(int i) {
        return i % 2 == 0 ? "naked and horny " + i : "a walk in the park " + i;
    }

    /** Labels the items one at a time, so the first one meets the rejections. */
    private static List<Vote> label(Labeler labeler) throws Exception {
        List<Vote> votes = new ArrayList<>();
        LabelParser parser = new LabelParser(LABELS);
        for (int i = 0; i < ITEMS; i++) {
            LabelerAnswer answer =
                    labeler.ask(List.of(ChatMessage.user(text(i))), 16).get(20, TimeUnit.SECONDS);
            votes.add(Votes.first(labeler, answer, parser));
        }
        return votes;
    }

    private static void assertLabeledIn(List<Vote> votes, String style) {
        for (int i = 0; i < ITEMS; i++) {
            assertEquals(i % 2 == 0 ? "NSFW" : "SFW", votes.get(i).getLabel(), text(i));
            assertEquals(style, votes.get(i).getConstraint());
        }
    }

    @Test
    void autoFallsBackToTheFirstStyleTheEndpointAccepts() throws Exception {
        try (LabelerSimulator sim = simulator()) {
            Labeler labeler = labeler(sim, "choice-only", Constraint.AUTO, null);

            List<Vote> votes = label(labeler);

            assertLabeledIn(votes, "guided_choice");
            assertEquals(Constraint.GUIDED_CHOICE, labeler.constraint());
            assertEquals(1L, sim.stats().rejected().get("400"), "one rejected request, then every item answered");
            assertEquals(ITEMS, sim.stats().model("choice-only").requests());
        }
    }

    @Test
    void autoEndsAtAPlainPromptWhenEveryStyleIsRejected() throws Exception {
        try (LabelerSimulator sim = simulator()) {
            Labeler labeler = labeler(sim, "plain-only", Constraint.AUTO, null);

            assertLabeledIn(label(labeler), "none");
            assertEquals(Constraint.NONE, labeler.constraint());
            assertEquals(3L, sim.stats().rejected().get("400"), "json_schema, guided_choice, grammar: once each");
        }
    }

    @Test
    void anExplicitStyleTheEndpointRejectsStillStopsTheRun() throws Exception {
        try (LabelerSimulator sim = simulator()) {
            Labeler labeler = labeler(sim, "choice-only", Constraint.JSON_SCHEMA, null);
            ExecutionException e = assertThrows(
                    ExecutionException.class,
                    () -> labeler.ask(List.of(ChatMessage.user(text(0))), 16).get(20, TimeUnit.SECONDS));
            LlmConfigurationException rejected = assertInstanceOf(LlmConfigurationException.class, e.getCause());
            assertEquals(400, rejected.status());
            assertTrue(rejected.getMessage().contains("response_format"), rejected.getMessage());
        }
    }

    @Test
    void aRerunFromTheCacheSendsNothingAndGivesTheSameLabels() throws Exception {
        try (SqliteResponseCache cache = SqliteResponseCache.open(dir.resolve("cache.db"))) {
            List<Vote> first;
            try (LabelerSimulator sim = simulator()) {
                first = label(labeler(sim, "choice-only", Constraint.AUTO, cache));
            }
            // Another simulator (another port: another endpoint, which auto has not met) behind the same cache.
            try (LabelerSimulator sim = simulator()) {
                List<Vote> rerun = label(labeler(sim, "choice-only", Constraint.AUTO, cache));
                assertLabeledIn(rerun, "guided_choice");
                assertTrue(rerun.stream().allMatch(Vote::getCached));
                assertEquals(0, sim.stats().totalRequests());
                assertEquals(null, sim.stats().rejected().get("400"), "not even a rejected request");
                for (int i = 0; i < ITEMS; i++) {
                    assertEquals(first.get(i).getRawAnswer(), rerun.get(i).getRawAnswer());
                }
            }
            // An explicit json_schema labeler never gets auto's fallback answers.
            try (LabelerSimulator sim = simulator()) {
                Labeler explicit = labeler(sim, "choice-only", Constraint.JSON_SCHEMA, cache);
                assertThrows(
                        ExecutionException.class,
                        () -> explicit.ask(List.of(ChatMessage.user(text(0))), 16)
                                .get(20, TimeUnit.SECONDS));
            }
        }
    }
}
