package dev.labelpanel.transforms.vote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.llm.ChatMessage;
import dev.labelpanel.transforms.llm.Labeler;
import dev.labelpanel.transforms.llm.LabelerAnswer;
import dev.labelpanel.transforms.prompt.LabelSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The adaptive panel against the full one, with labelers that answer at once from a script. */
class PanelVoteTest {
    private static final LabelParser PARSER = new LabelParser(LabelSet.defaults());
    /** What a scripted labeler answers: a label, or a failed call (a no-vote). */
    private static final List<String> ANSWERS = List.of("NSFW", "SFW", "FAIL");

    /** A labeler that answers its scripted answer at once and logs each call. */
    private record ScriptedLabeler(String name, String answer, List<String> calls) implements Labeler {
        @Override
        public String model() {
            return "m-" + name;
        }

        @Override
        public CompletableFuture<LabelerAnswer> ask(List<ChatMessage> messages, int maxTokens) {
            synchronized (calls) {
                calls.add(name);
            }
            return CompletableFuture.completedFuture(
                    answer.equals("FAIL")
                            ? LabelerAnswer.failed("server_error", 6)
                            : LabelerAnswer.answered(answer, "stop", 100, 2, 5, 1, false));
        }

        @Override
        public int labelMaxTokens() {
            return 16;
        }

        @Override
        public int critiqueMaxTokens() {
            return 64;
        }
    }

    private static PanelVote.Outcome vote(
            List<String> answers, VoteRule rule, PanelMode mode, List<Integer> order, List<String> calls) {
        List<Labeler> panel = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            panel.add(new ScriptedLabeler("l" + i, answers.get(i), calls));
        }
        return new PanelVote(panel, PARSER, rule, mode, order)
                .ask(name -> List.of())
                .join();
    }

    @Test
    void everyAnswerCombinationGivesTheFullPanelsOutcomeWithNoMoreCalls() {
        List<VoteRule> rules = List.of(
                VoteRule.panelMajority(),
                VoteRule.validMajority(2),
                VoteRule.validMajority(3),
                VoteRule.atLeast(2),
                VoteRule.atLeast(3));
        int saved = 0;
        for (int panelSize = 1; panelSize <= 5; panelSize++) {
            for (List<String> answers : combinations(panelSize)) {
                for (VoteRule rule : rules) {
                    List<String> fullCalls = new ArrayList<>();
                    List<String> adaptiveCalls = new ArrayList<>();
                    PanelVote.Outcome full = vote(answers, rule, PanelMode.FULL, List.of(), fullCalls);
                    PanelVote.Outcome adaptive = vote(answers, rule, PanelMode.ADAPTIVE, List.of(), adaptiveCalls);
                    String what = rule + " " + answers;
                    assertEquals(full.tally().winner(), adaptive.tally().winner(), what);
                    assertEquals(panelSize, fullCalls.size(), what);
                    assertTrue(adaptiveCalls.size() <= panelSize, what);
                    assertEquals(panelSize, adaptive.votes().size(), what);
                    long notAsked = adaptive.votes().stream()
                            .filter(PanelVote::isNotAsked)
                            .count();
                    assertEquals(panelSize - adaptiveCalls.size(), notAsked, what);
                    assertEquals(adaptiveCalls.size(), adaptive.tally().panelVotes(), what);
                    for (int i = 0; i < panelSize; i++) {
                        Vote v = adaptive.votes().get(i);
                        assertEquals("l" + i, v.getLabeler(), what);
                        if (!PanelVote.isNotAsked(v)) {
                            assertEquals(full.votes().get(i), v, what);
                        }
                    }
                    saved += notAsked;
                }
            }
        }
        assertTrue(saved > 0);
    }

    @Test
    void asksTheFirstThreeOfFourInAskOrderAndSkipsTheFourthWhenTheyAgree() {
        List<String> calls = new ArrayList<>();
        PanelVote.Outcome outcome = vote(
                List.of("SFW", "NSFW", "NSFW", "NSFW"),
                VoteRule.panelMajority(),
                PanelMode.ADAPTIVE,
                List.of(3, 2, 1, 0),
                calls);
        assertEquals(List.of("l3", "l2", "l1"), calls);
        assertEquals("NSFW", outcome.tally().winner());
        Vote skipped = outcome.votes().get(0);
        assertEquals(PanelVote.NOT_ASKED, skipped.getNoVoteReason());
        assertEquals(null, skipped.getLabel());
        assertEquals(0, skipped.getAttempts());
        assertEquals(1.0, outcome.tally().agreement("NSFW"));
        assertEquals(0, outcome.tally().noVotes());
    }

    @Test
    void asksTheFourthWhenTheFirstThreeDisagree() {
        List<String> calls = new ArrayList<>();
        PanelVote.Outcome outcome = vote(
                List.of("NSFW", "SFW", "NSFW", "NSFW"), VoteRule.panelMajority(), PanelMode.ADAPTIVE, List.of(), calls);
        assertEquals(List.of("l0", "l1", "l2", "l3"), calls);
        assertEquals("NSFW", outcome.tally().winner());
    }

    private static List<List<String>> combinations(int n) {
        List<List<String>> out = new ArrayList<>();
        out.add(new ArrayList<>());
        for (int i = 0; i < n; i++) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> prefix : out) {
                for (String a : ANSWERS) {
                    List<String> c = new ArrayList<>(prefix);
                    c.add(a);
                    next.add(c);
                }
            }
            out = next;
        }
        return out;
    }
}
