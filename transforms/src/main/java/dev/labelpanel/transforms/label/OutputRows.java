package dev.labelpanel.transforms.label;

import dev.labelpanel.schemas.Item;
import dev.labelpanel.schemas.LabeledItem;
import java.util.List;

/** Builds output rows from items; the labeling stages fill in the label fields. */
public final class OutputRows {
    private OutputRows() {}

    /** The item's fields, with every label field empty. The item must have a split. */
    public static LabeledItem.Builder fromItem(Item item) {
        if (item.getSplit() == null) {
            throw new IllegalStateException("item " + item.getItemId() + " has no split: apply AssignSplits first");
        }
        return LabeledItem.newBuilder()
                .setItemId(item.getItemId())
                .setDialogueId(item.getDialogueId())
                .setGranularity(item.getGranularity())
                .setSplit(item.getSplit())
                .setRole(item.getRole())
                .setText(item.getText())
                .setContext(item.getContext())
                .setTurnIndex(item.getTurnIndex())
                .setSourceFile(item.getSourceFile())
                .setRecordNumber(item.getRecordNumber())
                .setVotes(List.of());
    }
}
