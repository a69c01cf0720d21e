package dev.labelpanel.transforms.output;

import dev.labelpanel.transforms.coders.RecordCoder;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;

/**
 * A {@link ParquetSink} for records that travel to it encoded, as {@code KV<destination, bytes>}: each is decoded
 * once, here, and written. See {@link WriteDataset} for why the write shuffles bytes.
 */
final class EncodedRecordSink<T extends SpecificRecordBase> implements FileIO.Sink<KV<String, byte[]>> {
    private static final long serialVersionUID = 1L;

    private final RecordCoder<T> coder;
    private final ParquetSink<T> parquet;

    EncodedRecordSink(RecordCoder<T> coder, ParquetSink<T> parquet) {
        this.coder = coder;
        this.parquet = parquet;
    }

    @Override
    public void open(WritableByteChannel channel) throws IOException {
        parquet.open(channel);
    }

    @Override
    public void write(KV<String, byte[]> element) throws IOException {
        parquet.write(CoderUtils.decodeFromByteArray(coder, element.getValue()));
    }

    @Override
    public void flush() throws IOException {
        parquet.flush();
    }
}
