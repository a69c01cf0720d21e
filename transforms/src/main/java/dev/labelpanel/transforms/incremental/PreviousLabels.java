package dev.labelpanel.transforms.incremental;

import dev.labelpanel.schemas.Item;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.transforms.label.OutputRows;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The rows of an earlier output (one bucket of them), and the rule that decides, item by item, whether a previous
 * label can be carried over instead of asking the labelers again. A previous row is carried over when it has the
 * same {@code item_id}, the same {@code config_hash} (the labels were decided the same way), the same split (so
 * validation and test items have been calibrated, and train items haven't) and a label. Everything else is
 * labeled again: new items, previously unlabeled items, items labeled under another config, and items whose split
 * changed (another {@code splits.seed} or other shares).
 *
 * <p>A carried-over row is the current item's row (its dialogue, source file, record number and text as read
 * now) with the previous row's label fields: label, source, stage-1 label, votes, agreement, calibration and
 * config hash. So it is exactly the row a full run would write with the same answers.
 */
public final class PreviousLabels {
    /** What happens to a current item. */
    public enum Outcome {
        /** A usable previous label: carried over, no call. */
        CARRIED_OVER,
        /** Not in the previous output: labeled. */
        NEW,
        /** In the previous output without a label: labeled again. */
        UNLABELED,
        /** Labeled under another config hash: labeled again. */
        CONFIG_CHANGED,
        /** Labeled in another split: labeled again (held-out items need calibration, train items must not have it). */
        SPLIT_CHANGED;

        /** The run count of a previous row with this outcome; none for a new item, which has no previous row. */
        public Optional<SummaryKey> countKey() {
            return switch (this) {
                case CARRIED_OVER -> Optional.of(SummaryKey.previousCarriedOver());
                case NEW -> Optional.empty();
                case UNLABELED -> Optional.of(SummaryKey.previousRelabeled(SummaryKey.Relabeled.UNLABELED));
                case CONFIG_CHANGED -> Optional.of(SummaryKey.previousRelabeled(SummaryKey.Relabeled.CONFIG_CHANGED));
                case SPLIT_CHANGED -> Optional.of(SummaryKey.previousRelabeled(SummaryKey.Relabeled.SPLIT_CHANGED));
            };
        }
    }

    /** The decision for one item: the outcome, and the row to write when it is carried over. */
    public record Match(Outcome outcome, LabeledItem carried) {}

    /** Which of two previous rows with the same id to use: a carryable one, then a labeled one, then by content. */
    private final Comparator<LabeledItem> preference;

    private final String configHash;
    private final Map<String, LabeledItem> byId = new HashMap<>();
    private long duplicates;

    /** @param configHash the current run's config hash; only rows labeled under it are carried over */
    public PreviousLabels(String configHash) {
        this.configHash = Objects.requireNonNull(configHash, "configHash");
        this.preference = Comparator.comparingInt(this::rank).thenComparing(LabeledItem::toString);
    }

    private int rank(LabeledItem row) {
        if (row.getLabel() == null) {
            return 2;
        }
        return configHash.equals(row.getConfigHash()) ? 0 : 1;
    }

    /** Adds a previous row. An id seen before keeps its preferred row and counts one duplicate. */
    public void add(LabeledItem row) {
        LabeledItem kept = byId.get(row.getItemId());
        if (kept == null) {
            byId.put(row.getItemId(), row);
            return;
        }
        duplicates++;
        if (preference.compare(row, kept) < 0) {
            byId.put(row.getItemId(), row);
        }
    }

    /** Decides for {@code item} (which must have its split) and consumes the previous row it matched, if any. */
    public Match match(Item item) {
        LabeledItem previous = byId.remove(item.getItemId());
        if (previous == null) {
            return new Match(Outcome.NEW, null);
        }
        if (previous.getLabel() == null) {
            return new Match(Outcome.UNLABELED, null);
        }
        if (!configHash.equals(previous.getConfigHash())) {
            return new Match(Outcome.CONFIG_CHANGED, null);
        }
        if (!Objects.equals(item.getSplit(), previous.getSplit())) {
            return new Match(Outcome.SPLIT_CHANGED, null);
        }
        return new Match(Outcome.CARRIED_OVER, carriedRow(item, previous));
    }

    /** Previous rows no current item matched: items no longer in the input (not carried into the new output). */
    public long notInInput() {
        return byId.size();
    }

    /** Previous rows dropped because another row had the same id (none in an output labelpanel wrote). */
    public long duplicates() {
        return duplicates;
    }

    /** The current item's fields (every field {@code Item} has) with the previous row's label fields. */
    static LabeledItem carriedRow(Item item, LabeledItem previous) {
        LabeledItem current = OutputRows.fromItem(item).build();
        LabeledItem row = LabeledItem.newBuilder(previous).build(); // a copy: the input row is never changed
        Schema itemSchema = Item.getClassSchema();
        for (Schema.Field field : LabeledItem.getClassSchema().getFields()) {
            if (itemSchema.getField(field.name()) != null) {
                row.put(field.pos(), current.get(field.pos()));
            }
        }
        return row;
    }
}
