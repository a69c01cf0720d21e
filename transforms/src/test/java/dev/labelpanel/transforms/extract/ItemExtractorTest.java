package dev.labelpanel.transforms.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.labelpanel.schemas.Item;
import dev.labelpanel.transforms.Fixtures;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemExtractorTest {
    private final ItemExtractor paper = new ItemExtractor(1, EnumSet.allOf(Granularity.class));

    private static List<String> described(ItemExtractor.Outcome outcome) {
        return outcome.items().stream().map(Fixtures::describe).toList();
    }

    @Test
    void oneUtterancePerTurnAndOnePairPerBotReply() {
        ItemExtractor.Outcome outcome = paper.split(
                Fixtures.dialogue("d", "user", "hi", "bot", "hello", "user", "how are you?", "bot", "great"));
        assertEquals(
                List.of(
                        "utterance user:hi (turn 0 of d)",
                        "utterance bot:hello (turn 1 of d)",
                        "context bot:hello <- user:hi (turn 1 of d)",
                        "utterance user:how are you? (turn 2 of d)",
                        "utterance bot:great (turn 3 of d)",
                        "context bot:great <- user:how are you? (turn 3 of d)"),
                described(outcome));
    }

    @Test
    void systemTurnsAreSkippedAndSameSpeakerTurnsMerged() {
        ItemExtractor.Outcome outcome = paper.split(Fixtures.dialogue(
                "d", "system", "be kind", "user", "one", "system", "note", "user", "two", "bot", "reply", "bot",
                "more"));
        assertEquals(
                List.of(
                        "utterance user:one\ntwo (turn 1 of d)",
                        "utterance bot:reply\nmore (turn 4 of d)",
                        "context bot:reply\nmore <- user:one\ntwo (turn 4 of d)"),
                described(outcome));
        assertEquals(2, outcome.systemTurnsSkipped());
        assertEquals(2, outcome.turnsMerged());
    }

    @Test
    void aBotTurnWithNoUserTurnBeforeItIsNotAPair() {
        ItemExtractor.Outcome outcome = paper.split(Fixtures.dialogue("d", "bot", "welcome", "user", "thanks"));
        assertEquals(
                List.of("utterance bot:welcome (turn 0 of d)", "utterance user:thanks (turn 1 of d)"),
                described(outcome));
        assertEquals(1, outcome.botTurnsWithoutUserTurn());
    }

    @Test
    void aWiderContextWindowTakesMorePrecedingTurns() {
        ItemExtractor three = new ItemExtractor(3, EnumSet.of(Granularity.CONTEXT));
        ItemExtractor.Outcome outcome =
                three.split(Fixtures.dialogue("d", "user", "a", "bot", "b", "user", "c", "bot", "d"));
        assertEquals(
                List.of(
                        "context bot:b <- user:a (turn 1 of d)",
                        "context bot:d <- user:a | bot:b | user:c (turn 3 of d)"),
                described(outcome));
    }

    @Test
    void anUnknownSpeakerGivesOnlyAnUtterance() {
        ItemExtractor.Outcome outcome = paper.split(Fixtures.dialogue("d", "unknown", "just text"));
        assertEquals(List.of("utterance unknown:just text (turn 0 of d)"), described(outcome));
    }

    @Test
    void itemIdsDependOnContentOnly() {
        Item a = paper.split(Fixtures.dialogue("d1", "user", "Hello  world"))
                .items()
                .get(0);
        Item b = paper.split(Fixtures.dialogue("d2", "user", " Hello world "))
                .items()
                .get(0);
        Item c = paper.split(Fixtures.dialogue("d3", "user", "hello world"))
                .items()
                .get(0);
        assertEquals(a.getItemId(), b.getItemId());
        assertNotEquals(a.getItemId(), c.getItemId());
        assertEquals(32, a.getItemId().length());
    }

    @Test
    void theSameTextAsUtteranceAndAsPairHasDifferentIds() {
        List<Item> items =
                paper.split(Fixtures.dialogue("d", "user", "x", "bot", "y")).items();
        assertNotEquals(items.get(1).getItemId(), items.get(2).getItemId());
    }

    @Test
    void contextWindowOutOfRangeIsRejected() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new ItemExtractor(0, EnumSet.allOf(Granularity.class)));
        assertEquals("items.context_turns must be between 1 and 64 but was 0", e.getMessage());
    }
}
