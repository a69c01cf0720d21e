package dev.labelpanel.transforms.vote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link VoteRule#decided} against brute force: for panels of 1 to 6 members and every rule kind, every possible
 * full vote sequence is tallied, and a prefix is decided exactly when all full sequences that start with it have the
 * same outcome (the same winner, or none). Labels are canonical (a new label gets the next letter), so the sequences
 * cover every completion: any label seen so far, any new label, or a no-vote.
 */
class VoteRuleDecidedTest {
    private static final int MAX_PANEL = 6;

    private static List<VoteRule> rules() {
        List<VoteRule> rules = new ArrayList<>();
        rules.add(VoteRule.panelMajority());
        for (int n = 1; n <= MAX_PANEL + 1; n++) {
            rules.add(VoteRule.validMajority(n));
            rules.add(VoteRule.atLeast(n));
        }
        return rules;
    }

    @Test
    void matchesBruteForceForPanelsOfOneToSix() {
        int checked = 0;
        for (VoteRule rule : rules()) {
            for (int panel = 1; panel <= MAX_PANEL; panel++) {
                List<List<String>> sequences = new ArrayList<>();
                sequences(panel, new ArrayList<>(), 0, sequences);
                Map<List<String>, Set<Optional<String>>> outcomesByPrefix = new HashMap<>();
                for (List<String> votes : sequences) {
                    Optional<String> outcome =
                            Optional.ofNullable(rule.tally(votes).winner());
                    for (int asked = 0; asked <= panel; asked++) {
                        outcomesByPrefix
                                .computeIfAbsent(votes.subList(0, asked), p -> new HashSet<>())
                                .add(outcome);
                    }
                }
                for (Map.Entry<List<String>, Set<Optional<String>>> e : outcomesByPrefix.entrySet()) {
                    List<String> prefix = e.getKey();
                    int remaining = panel - prefix.size();
                    boolean expected = e.getValue().size() == 1;
                    assertEquals(
                            expected,
                            rule.decided(prefix, remaining),
                            () -> rule + ": votes " + prefix + " with " + remaining + " to come, outcomes "
                                    + e.getValue());
                    if (expected) {
                        // The adaptive panel's tally with the not-asked members gives that one outcome.
                        assertEquals(
                                e.getValue().iterator().next().orElse(null),
                                rule.tally(prefix, remaining).winner(),
                                rule + " " + prefix);
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked > 10_000, "checked " + checked);
    }

    /** Every vote sequence of length {@code n}: null (no-vote) or a canonical label, A before B before C... */
    private static void sequences(int n, List<String> prefix, int labelsUsed, List<List<String>> out) {
        if (prefix.size() == n) {
            out.add(new ArrayList<>(prefix));
            return;
        }
        for (int choice = -1; choice <= labelsUsed; choice++) {
            prefix.add(choice < 0 ? null : String.valueOf((char) ('A' + choice)));
            sequences(n, prefix, Math.max(labelsUsed, choice + 1), out);
            prefix.remove(prefix.size() - 1);
        }
    }

    @Test
    void panelMajorityOfFourIsDecidedByThreeEqualVotes() {
        VoteRule rule = VoteRule.panelMajority();
        assertTrue(rule.decided(Arrays.asList("A", "A", "A"), 1));
        assertFalse(rule.decided(Arrays.asList("A", "A", "B"), 1));
        assertFalse(rule.decided(Arrays.asList("A", "A"), 2));
        // Two no-votes of four: no label can reach 3 of 4 after A, B ... but A with both rest could.
        assertTrue(rule.decided(Arrays.asList("A", "B", null), 1));
    }

    @Test
    void aRuleNoPanelCanMeetIsDecidedBeforeAnyVote() {
        assertTrue(VoteRule.atLeast(5).decided(List.of(), 4));
        assertTrue(VoteRule.validMajority(5).decided(List.of(), 4));
        assertFalse(VoteRule.atLeast(4).decided(List.of(), 4));
    }

    @Test
    void tallyOfAnAdaptivePanelCountsOnlyTheMembersAsked() {
        Tally tally = VoteRule.panelMajority().tally(Arrays.asList("A", "A", "A"), 1);
        assertEquals("A", tally.winner());
        assertEquals(3, tally.panelVotes());
        assertEquals(0, tally.noVotes());
        assertEquals(1.0, tally.agreement("A"));
    }
}
