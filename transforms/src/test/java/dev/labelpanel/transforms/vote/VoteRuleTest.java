package dev.labelpanel.transforms.vote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VoteRuleTest {

    @ParameterizedTest
    @CsvSource({
        "panel-majority,     panel-majority",
        "' Panel-Majority ', panel-majority",
        "valid-majority,     valid-majority:2",
        "valid-majority:3,   valid-majority:3",
        "3,                  3",
    })
    void parsesConfigValues(String value, String expected) {
        assertEquals(expected, VoteRule.parse(value).toString());
        assertEquals(VoteRule.parse(expected), VoteRule.parse(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "majority", "0", "-1", "valid-majority:0", "valid-majority:x", "2.5"})
    void rejectsOtherValuesNamingKeyAndValue(String value) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> VoteRule.parse("labeling.voteRule", value));
        assertTrue(e.getMessage().contains("labeling.voteRule"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
    }

    @Test
    void listsTheAllowedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VoteRule.parse("majority"));
        assertEquals(
                "voteRule must be panel-majority, valid-majority, valid-majority:N (N >= 1 valid votes needed) or a positive"
                        + " integer k (a label needs k votes and more than any other) but was 'majority'",
                e.getMessage());
    }
}
