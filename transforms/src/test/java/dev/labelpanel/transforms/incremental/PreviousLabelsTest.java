package dev.labelpanel.transforms.incremental;

import static dev.labelpanel.transforms.incremental.CarryOverTest.item;
import static dev.labelpanel.transforms.incremental.CarryOverTest.labeled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.labelpanel.schemas.LabeledItem;
import org.junit.jupiter.api.Test;

class PreviousLabelsTest {
    private static final String HASH = "cafe0000cafe0000";

    @Test
    void ofTwoRowsWithOneIdTheCarryableOneIsUsedWhateverTheOrder() {
        LabeledItem unlabeled = labeled("a", "train", null, HASH);
        LabeledItem other = labeled("a", "train", "NSFW", "0ther0ther0ther0");
        LabeledItem usable = labeled("a", "train", "SFW", HASH);
        for (LabeledItem[] order :
                new LabeledItem[][] {{unlabeled, other, usable}, {usable, other, unlabeled}, {other, usable, unlabeled}
                }) {
            PreviousLabels labels = new PreviousLabels(HASH);
            for (LabeledItem row : order) {
                labels.add(row);
            }
            PreviousLabels.Match match = labels.match(item("a", "train", "/in/day1.jsonl"));
            assertEquals(PreviousLabels.Outcome.CARRIED_OVER, match.outcome());
            assertEquals(usable, match.carried());
            assertEquals(2, labels.duplicates());
            assertEquals(0, labels.notInInput());
        }
    }

    @Test
    void aPreviousRowIsMatchedOnceAndTheRestAreNotInTheInput() {
        PreviousLabels labels = new PreviousLabels(HASH);
        labels.add(labeled("a", "train", "SFW", HASH));
        labels.add(labeled("b", "train", "SFW", HASH));
        labels.add(labeled("c", "train", "SFW", HASH));
        assertEquals(
                PreviousLabels.Outcome.CARRIED_OVER,
                labels.match(item("a", "train", "/x")).outcome());
        PreviousLabels.Match again = labels.match(item("a", "train", "/y"));
        assertEquals(PreviousLabels.Outcome.NEW, again.outcome());
        assertNull(again.carried());
        assertEquals(2, labels.notInInput());
    }
}
