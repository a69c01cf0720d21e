package dev.labelpanel.transforms.label;

import dev.labelpanel.schemas.Item;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.transforms.coders.RecordCoder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Labels items the CensorChat way (panel vote → gap fill → calibration with self-criticism), one asynchronous
 * chain per item with many items in flight. Items no model could label come out with no label and an
 * {@code unlabeled_reason}; nothing is dropped.
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
    return items
        .apply("PanelFillCalibrate", ParDo.of(new LabelItemsFn(spec)))
        .setCoder(RecordCoder.of(LabeledItem.class));
  }
}
