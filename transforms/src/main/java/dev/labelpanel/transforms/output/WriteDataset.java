package dev.labelpanel.transforms.output;

import com.google.auto.value.AutoValue;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.transforms.Arguments;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes labeled items as Parquet in the layout Hugging Face {@code datasets} and DuckDB read as-is:
 * {@code <dir>/<granularity>/<split>-NNNNN-of-NNNNN.parquet}. Items no model could label (no label, an
 * {@code unlabeled_reason}) go to {@code <dir>/<granularity>/unlabeled-NNNNN-of-NNNNN.parquet} instead, with their
 * split still in the row.
 *
 * <p>A windowed collection (watch mode) is written window by window, each under its own folder
 * ({@link WindowFolder}): {@code <dir>/windows/<start>_<end>/<granularity>/<split>-NNNNN-of-NNNNN.parquet}. The
 * result names the files written, per window, so later writes can wait for them.
 */
@AutoValue
public abstract class WriteDataset extends PTransform<PCollection<LabeledItem>, WriteFilesResult<String>> {
  private static final long serialVersionUID = 1L;

  /** The file-name prefix of items no model could label. */
  public static final String UNLABELED = "unlabeled";

  abstract String directory();

  abstract ParquetCompression compression();

  abstract int shards();

  abstract Builder toBuilder();

  /** Snappy compression, one file per granularity and split. */
  public static WriteDataset to(String directory) {
    Arguments.check(directory != null && !directory.isBlank(), "the output directory must be set");
    return new AutoValue_WriteDataset.Builder()
        .setDirectory(directory)
        .setCompression(ParquetCompression.SNAPPY)
        .setShards(1)
        .build();
  }

  public WriteDataset withCompression(ParquetCompression compression) {
    return toBuilder().setCompression(compression).build();
  }

  /** Files per granularity and split (default 1); 0 lets the runner decide. */
  public WriteDataset withShards(int shards) {
    Arguments.check(shards >= 0 && shards <= 10_000, "output.shards must be between 0 and 10000 but was %s", shards);
    return toBuilder().setShards(shards).build();
  }

  @Override
  public WriteFilesResult<String> expand(PCollection<LabeledItem> items) {
    Arguments.check(
        shards() > 0 || items.isBounded() == PCollection.IsBounded.BOUNDED,
        "output.shards must be at least 1 for an unbounded input (watch mode) but was 0");
    FileIO.Write<String, LabeledItem> write =
        FileIO.<String, LabeledItem>writeDynamic()
            .by(new DestinationFn())
            .withDestinationCoder(StringUtf8Coder.of())
            .via(ParquetSink.<LabeledItem>of(LabeledItem.getClassSchema(), compression()))
            .to(directory())
            .withNaming(SplitFileNaming::new);
    if (shards() > 0) {
      write = write.withNumShards(shards());
    }
    return items.apply("WriteParquet", write);
  }

  static final class DestinationFn implements SerializableFunction<LabeledItem, String> {
    @Override
    public String apply(LabeledItem item) {
      boolean unlabeled = item.getLabel() == null && item.getUnlabeledReason() != null;
      return item.getGranularity() + "/" + (unlabeled ? UNLABELED : item.getSplit());
    }
  }

  /** {@code <granularity>/<split>-SSSSS-of-NNNNN.parquet}, under the window's folder when windowed. */
  static final class SplitFileNaming implements FileIO.Write.FileNaming {
    private final String destination;

    SplitFileNaming(String destination) {
      this.destination = destination;
    }

    @Override
    public String getFilename(
        BoundedWindow window, PaneInfo pane, int numShards, int shardIndex, Compression compression) {
      return WindowFolder.of(window) + String.format("%s-%05d-of-%05d.parquet", destination, shardIndex, numShards);
    }
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setDirectory(String directory);

    abstract Builder setCompression(ParquetCompression compression);

    abstract Builder setShards(int shards);

    abstract WriteDataset build();
  }
}
