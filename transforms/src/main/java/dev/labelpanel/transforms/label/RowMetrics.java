package dev.labelpanel.transforms.label;

import dev.labelpanel.schemas.LabeledItem;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/** The metrics of one finished output row: labeled or not, and its calls ({@link CallMetrics}). */
final class RowMetrics {
    private final Counter labeled = Metrics.counter(LabelItems.class, "itemsLabeled");
    private final Counter unlabeled = Metrics.counter(LabelItems.class, "itemsUnlabeled");
    private final CallMetrics calls = new CallMetrics();

    void record(LabeledItem row) {
        (row.getLabel() == null ? unlabeled : labeled).inc();
        calls.record(row);
    }
}
