package dev.labelpanel.transforms.label;

import dev.labelpanel.schemas.Item;
import dev.labelpanel.schemas.LabeledItem;
import java.util.concurrent.CompletableFuture;

/** Aggregation {@code majority}: each item's whole chain (panel → fill → calibration) in one go. */
final class LabelItemsFn extends AsyncChainFn<Item, LabeledItem> {
    private transient RowMetrics metrics;

    LabelItemsFn(LabelingSpec spec) {
        super(spec, true);
    }

    @Override
    CompletableFuture<LabeledItem> start(ProcessContext c) {
        return labeler.label(c.element());
    }

    @Override
    void recorded(LabeledItem row) {
        if (metrics == null) {
            metrics = new RowMetrics();
        }
        metrics.record(row);
    }
}
