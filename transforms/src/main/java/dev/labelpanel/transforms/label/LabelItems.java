package dev.labelpanel.transforms.label;

import dev.labelpanel.schemas.Item;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.aggregate.DawidSkene;
import dev.labelpanel.transforms.aggregate.DawidSkeneModel;
import dev.labelpanel.transforms.aggregate.FitDawidSkeneFn;
import dev.labelpanel.transforms.aggregate.VotePattern;
import dev.labelpanel.transforms.coders.RecordCoder;
import dev.labelpanel.transforms.output.WindowFolder;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Labels items the CensorChat way (panel vote → gap fill → calibration with self-criticism). Items no model could
 * label come out with no label and an {@code unlabeled_reason}; nothing is dropped.
 *
 * <p>Aggregation {@code majority}: one asynchronous chain per item with many items in flight. Aggregation
 * {@code dawid-skene}: the panel votes on every item first ({@code "AskPanel"}); a global combine counts the vote
 * patterns and fits the model ({@code "FitDawidSkene"}), which reaches the second half ({@code "DecideFillCalibrate"})
 * as a side input.
 */
public final class LabelItems extends PTransform<PCollection<Item>, PCollection<LabeledItem>> {
    private static final long serialVersionUID = 1L;

    private final LabelingSpec spec;

    private LabelItems(LabelingSpec spec) {
        this.spec = spec;
    }

    public static LabelItems with(LabelingSpec spec) {
        return new LabelItems(spec);
    }

    @Override
    public PCollection<LabeledItem> expand(PCollection<Item> items) {
        if (!spec.aggregation().isDawidSkene()) {
            return items.apply("PanelFillCalibrate", ParDo.of(new LabelItemsFn(spec)))
                    .setCoder(RecordCoder.of(LabeledItem.class));
        }
        PCollection<KV<Item, List<Vote>>> voted = items.apply("AskPanel", ParDo.of(new AskPanelFn(spec)))
                .setCoder(KvCoder.of(RecordCoder.of(Item.class), ListCoder.of(RecordCoder.of(Vote.class))));
        PCollectionView<DawidSkeneModel> model = voted.apply("FitDawidSkene", fit());
        return voted.apply(
                        "DecideFillCalibrate",
                        ParDo.of(new FinishItemsFn(spec, model)).withSideInputs(model))
                .setCoder(RecordCoder.of(LabeledItem.class));
    }

    private FitModel fit() {
        return new FitModel(spec);
    }

    /** Vote patterns → global combine → the fitted model as a singleton side input. */
    private static final class FitModel
            extends PTransform<PCollection<KV<Item, List<Vote>>>, PCollectionView<DawidSkeneModel>> {
        private final LabelingSpec spec;

        FitModel(LabelingSpec spec) {
            this.spec = spec;
        }

        @Override
        public PCollectionView<DawidSkeneModel> expand(PCollection<KV<Item, List<Vote>>> voted) {
            List<String> labels = spec.prompts().labels().names();
            PCollection<VotePattern> patterns = voted.apply(
                            "ToVotePatterns",
                            MapElements.into(TypeDescriptor.of(VotePattern.class))
                                    .via((KV<Item, List<Vote>> kv) -> VotePattern.ofPanelVotes(kv.getValue(), labels)))
                    .setCoder(SerializableCoder.of(VotePattern.class));
            Combine.Globally<VotePattern, DawidSkeneModel> fit = Combine.globally(new FitDawidSkeneFn(
                    DawidSkene.create(labels.size()), spec.panel().size()));
            if (WindowFolder.isWindowed(patterns)) {
                fit = fit.withoutDefaults();
            }
            return patterns.apply("CountAndFit", fit)
                    .setCoder(SerializableCoder.of(DawidSkeneModel.class))
                    .apply("AsSideInput", View.asSingleton());
        }
    }
}
