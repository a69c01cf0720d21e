package dev.labelpanel.transforms.output;

import com.google.auto.value.AutoValue;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.transforms.Arguments;
import dev.labelpanel.transforms.coders.RecordCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
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
        Arguments.check(
                shards >= 0 && shards <= 10_000, "output.shards must be between 0 and 10000 but was %s", shards);
        return toBuilder().setShards(shards).build();
    }

    @Override
    public WriteFilesResult<String> expand(PCollection<LabeledItem> items) {
        Arguments.check(
                shards() > 0 || items.isBounded() == PCollection.IsBounded.BOUNDED,
                "output.shards must be at least 1 for an unbounded input (watch mode) but was 0");
        // The write groups rows by file. Rows go to that shuffle as bytes, encoded once here and decoded once in the
        // sink: the Direct runner copies a key's grouped state for every bundle that adds to it, and copying bytes is
        // cheap where copying records (decode + encode) took an eighth of a run's CPU (BENCHMARKS.md).
        RecordCoder<LabeledItem> coder = RecordCoder.of(LabeledItem.class);
        PCollection<KV<String, byte[]>> encoded = items.apply("EncodeRows", MapElements.via(new EncodeFn(coder)))
                .setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()));
        FileIO.Write<String, KV<String, byte[]>> write = FileIO.<String, KV<String, byte[]>>writeDynamic()
                .by(new DestinationOfEncoded())
                .withDestinationCoder(StringUtf8Coder.of())
                .via(new EncodedRecordSink<>(
                        coder, ParquetSink.<LabeledItem>of(LabeledItem.getClassSchema(), compression())))
                .to(directory())
                .withNaming(SplitFileNaming::new);
        if (shards() > 0) {
            write = write.withNumShards(shards());
        }
        return encoded.apply("WriteParquet", write);
    }

    static String destination(LabeledItem item) {
        boolean unlabeled = item.getLabel() == null && item.getUnlabeledReason() != null;
        return item.getGranularity() + "/" + (unlabeled ? UNLABELED : item.getSplit());
    }

    /** A row as its file's destination and its encoded bytes. */
    static final class EncodeFn extends SimpleFunction<LabeledItem, KV<String, byte[]>> {
        private final RecordCoder<LabeledItem> coder;

        EncodeFn(RecordCoder<LabeledItem> coder) {
            this.coder = coder;
        }

        @Override
        public KV<String, byte[]> apply(LabeledItem item) {
            try {
                return KV.of(destination(item), CoderUtils.encodeToByteArray(coder, item));
            } catch (CoderException e) {
                throw new IllegalStateException("cannot encode item " + item.getItemId(), e);
            }
        }
    }

    static final class DestinationOfEncoded implements SerializableFunction<KV<String, byte[]>, String> {
        @Override
        public String apply(KV<String, byte[]> row) {
            return row.getKey();
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
            return WindowFolder.of(window)
                    + String.format("%s-%05d-of-%05d.parquet", destination, shardIndex, numShards);
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
