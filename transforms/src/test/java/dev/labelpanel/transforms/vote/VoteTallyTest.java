package dev.labelpanel.transforms.vote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VoteTallyTest {

    /** Votes as "NSFW NSFW SFW -" ('-' is a no-vote). */
    private static List<String> votes(String spaced) {
        return Arrays.stream(spaced.trim().split("\\s+"))
                .map(v -> v.equals("-") ? null : v)
                .toList();
    }

    @ParameterizedTest(name = "{0} under {1} -> {2}")
    @CsvSource({
        // votes,                  rule,             winner (empty = none)
        "NSFW NSFW NSFW NSFW,      panel-majority,   NSFW",
        "NSFW NSFW NSFW NSFW,      valid-majority,   NSFW",
        "NSFW NSFW NSFW NSFW,      2,                NSFW",
        "SFW NSFW SFW SFW,         panel-majority,   SFW",
        "SFW NSFW SFW SFW,         valid-majority,   SFW",
        "SFW NSFW SFW SFW,         3,                SFW",
        "SFW NSFW SFW SFW,         4,                ''",
        "NSFW SFW NSFW SFW,        panel-majority,   ''",
        "NSFW SFW NSFW SFW,        valid-majority,   ''",
        "NSFW SFW NSFW SFW,        1,                ''",
        "NSFW NSFW SFW -,          panel-majority,   ''",
        "NSFW NSFW SFW -,          valid-majority,   NSFW",
        "NSFW NSFW SFW -,          valid-majority:4, ''",
        "NSFW NSFW SFW -,          2,                NSFW",
        "NSFW NSFW SFW -,          3,                ''",
        "NSFW NSFW - -,            panel-majority,   ''",
        "NSFW NSFW - -,            valid-majority,   NSFW",
        "NSFW NSFW - -,            valid-majority:3, ''",
        "NSFW NSFW NSFW -,         panel-majority,   NSFW",
        "NSFW - - -,               valid-majority,   ''",
        "NSFW - - -,               valid-majority:1, NSFW",
        "NSFW - - -,               1,                NSFW",
        "- - - -,                  panel-majority,   ''",
        "- - - -,                  valid-majority,   ''",
        "- - - -,                  1,                ''",
        "A B C A,                  panel-majority,   ''",
        "A B C A,                  valid-majority,   ''",
        "A B C A,                  2,                A",
        "A B C A A,                panel-majority,   A",
        "A B C B,                  2,                B",
        "A B C -,                  1,                ''",
    })
    void appliesTheRule(String votes, String rule, String winner) {
        Tally tally = VoteRule.parse(rule).tally(votes(votes));
        assertEquals(winner.isEmpty() ? null : winner, tally.winner());
    }

    @Test
    void countsVotesAndAgreementOverTheWholePanel() {
        Tally tally = VoteRule.validMajority(2).tally(votes("NSFW NSFW SFW -"));
        assertEquals(Map.of("NSFW", 2, "SFW", 1), tally.counts());
        assertEquals(3, tally.validVotes());
        assertEquals(1, tally.noVotes());
        assertEquals(4, tally.panelVotes());
        assertEquals(0.5, tally.agreement("NSFW"));
        assertEquals(0.25, tally.agreement("SFW"));
        assertEquals(0.0, tally.agreement("OTHER"));
    }

    @Test
    void anEmptyPanelHasNoWinnerAndNoAgreement() {
        Tally tally = VoteRule.panelMajority().tally(List.of());
        assertNull(tally.winner());
        assertEquals(0, tally.panelVotes());
        assertEquals(0.0, tally.agreement("NSFW"));
    }
}
