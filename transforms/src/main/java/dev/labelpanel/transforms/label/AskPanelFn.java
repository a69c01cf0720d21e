package dev.labelpanel.transforms.label;

import dev.labelpanel.schemas.Item;
import dev.labelpanel.schemas.Vote;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.beam.sdk.values.KV;

/**
 * Aggregation {@code dawid-skene}, first half: the panel's votes on each item. Their call metrics are recorded by
 * {@link FinishItemsFn} with the item's row, once.
 */
final class AskPanelFn extends AsyncChainFn<Item, KV<Item, List<Vote>>> {
    AskPanelFn(LabelingSpec spec) {
        super(spec, true);
    }

    @Override
    boolean finishesItems() {
        return false;
    }

    @Override
    CompletableFuture<KV<Item, List<Vote>>> start(ProcessContext c) {
        Item item = c.element();
        return labeler.askPanel(item).thenApply(outcome -> KV.of(item, outcome.votes()));
    }

    @Override
    void recorded(KV<Item, List<Vote>> row) {}
}
