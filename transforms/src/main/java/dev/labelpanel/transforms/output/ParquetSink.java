package dev.labelpanel.transforms.output;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Writes Avro records to Parquet through Beam's {@link FileIO} (Beam's ParquetIO is not published for 2.70).
 * Strings are written as UTF8 and lists in the standard 3-level form, which DuckDB, pyarrow and Hugging Face
 * {@code datasets} read as-is.
 */
public final class ParquetSink<T extends GenericRecord> implements FileIO.Sink<T> {
    private static final long serialVersionUID = 1L;

    private final String schemaJson;
    private final ParquetCompression compression;
    private transient ParquetWriter<T> writer;

    private ParquetSink(Schema schema, ParquetCompression compression) {
        this.schemaJson = schema.toString();
        this.compression = compression;
    }

    public static <T extends GenericRecord> ParquetSink<T> of(Schema schema, ParquetCompression compression) {
        return new ParquetSink<>(schema, compression);
    }

    @Override
    public void open(WritableByteChannel channel) throws IOException {
        Configuration conf = new Configuration(false);
        conf.setBoolean(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, false);
        writer = AvroParquetWriter.<T>builder(new ChannelOutputFile(channel))
                .withSchema(new Schema.Parser().parse(schemaJson))
                .withDataModel(GenericData.get())
                .withConf(conf)
                .withCompressionCodec(compression.codec())
                .build();
    }

    @Override
    public void write(T element) throws IOException {
        writer.write(element);
    }

    @Override
    public void flush() throws IOException {
        // Closing writes the footer; the channel is closed again by FileIO, which is harmless.
        writer.close();
    }
}
