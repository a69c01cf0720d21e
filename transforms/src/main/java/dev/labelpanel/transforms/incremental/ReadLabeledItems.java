package dev.labelpanel.transforms.incremental;

import static dev.labelpanel.transforms.Arguments.check;

import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.transforms.coders.RecordCoder;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.read.BeamInputFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificData;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Reads the rows of an earlier labelpanel output back as {@link LabeledItem}s: every
 * {@code <dir>/<granularity>/*.parquet} file, labeled ({@code <split>-…}) and unlabeled ({@code unlabeled-…}) alike.
 * Rows are read with the current {@code LabeledItem} schema, so fields added since the file was written take their
 * defaults. A file that is not readable Parquet of that schema fails the job with the file's name: the previous
 * output is trusted state, not input data, and silently skipping it would re-label (and pay for) its items.
 */
public final class ReadLabeledItems extends PTransform<PBegin, PCollection<LabeledItem>> {
    private static final long serialVersionUID = 1L;

    private final List<String> filepatterns;

    private ReadLabeledItems(List<String> filepatterns) {
        this.filepatterns = filepatterns;
    }

    /** Reads the dataset files of the labelpanel output folder {@code dir} (any Beam filesystem). */
    public static ReadLabeledItems fromOutput(String dir) {
        check(dir != null && !dir.isBlank(), "the previous output folder must be set");
        String base = dir.endsWith("/") ? dir : dir + "/";
        List<String> patterns = new ArrayList<>();
        for (Granularity g : Granularity.values()) {
            patterns.add(base + g.wireName() + "/*.parquet");
        }
        return new ReadLabeledItems(List.copyOf(patterns));
    }

    /** The file patterns this reads, one per granularity folder. */
    public List<String> filepatterns() {
        return filepatterns;
    }

    @Override
    public PCollection<LabeledItem> expand(PBegin input) {
        return input.apply("ListPatterns", Create.of(filepatterns).withCoder(StringUtf8Coder.of()))
                .apply("MatchFiles", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
                .apply("OpenFiles", FileIO.readMatches())
                .apply("ReadRows", ParDo.of(new ReadRowsFn()))
                .setCoder(RecordCoder.of(LabeledItem.class));
    }

    static final class ReadRowsFn extends DoFn<FileIO.ReadableFile, LabeledItem> {
        private final Counter rows = Metrics.counter(ReadLabeledItems.class, "previousRows");

        @ProcessElement
        public void process(@Element FileIO.ReadableFile file, OutputReceiver<LabeledItem> out) {
            String name = file.getMetadata().resourceId().toString();
            long row = 0;
            try (ParquetReader<LabeledItem> reader = open(file, name)) {
                LabeledItem item;
                while ((item = next(reader, name, row)) != null) {
                    row++;
                    out.output(item);
                    rows.inc();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(failure(name, row, e), e);
            }
        }

        private static ParquetReader<LabeledItem> open(FileIO.ReadableFile file, String name) {
            Configuration conf = new Configuration(false);
            AvroReadSupport.setAvroReadSchema(conf, LabeledItem.getClassSchema());
            try {
                return AvroParquetReader.<LabeledItem>builder(new BeamInputFile(file))
                        .withDataModel(SpecificData.get())
                        .withConf(conf)
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException(failure(name, 0, e), e);
            } catch (RuntimeException e) {
                throw new IllegalStateException(failure(name, 0, e), e);
            }
        }

        /** The next row, or null at the end; a row that cannot be read fails with the file's name. */
        private static LabeledItem next(ParquetReader<LabeledItem> reader, String name, long rowsRead) {
            try {
                return reader.read();
            } catch (IOException e) {
                throw new UncheckedIOException(failure(name, rowsRead, e), e);
            } catch (RuntimeException e) {
                throw new IllegalStateException(failure(name, rowsRead, e), e);
            }
        }

        private static String failure(String name, long rowsRead, Exception e) {
            return "cannot read the previous output file " + name + " as labelpanel LabeledItem rows (after " + rowsRead
                    + " rows): " + e.getMessage()
                    + "; point --previous at the output folder of an earlier labelpanel run";
        }
    }
}
