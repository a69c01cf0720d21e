package dev.labelpanel.transforms.label;

import dev.labelpanel.schemas.Item;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.aggregate.DawidSkeneModel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Aggregation {@code dawid-skene}, second half: with the model fitted to every panel vote (a side input), each
 * item's stage-1 label, then gap fill and calibration as in the one-go chain.
 */
final class FinishItemsFn extends AsyncChainFn<KV<Item, List<Vote>>, LabeledItem> {
    private final PCollectionView<DawidSkeneModel> model;
    private transient RowMetrics metrics;

    FinishItemsFn(LabelingSpec spec, PCollectionView<DawidSkeneModel> model) {
        super(spec, false);
        this.model = model;
    }

    @Override
    CompletableFuture<LabeledItem> start(ProcessContext c) {
        KV<Item, List<Vote>> voted = c.element();
        return labeler.finish(
                voted.getKey(),
                voted.getValue(),
                c.sideInput(model),
                spec.aggregation().fillBelow());
    }

    @Override
    void recorded(LabeledItem row) {
        if (metrics == null) {
            metrics = new RowMetrics();
        }
        metrics.record(row);
    }
}
