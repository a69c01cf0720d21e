package dev.labelpanel.transforms.output;

import dev.labelpanel.transforms.WireName;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** The Parquet compressions labelpanel offers. */
public enum ParquetCompression implements WireName {
    SNAPPY(CompressionCodecName.SNAPPY),
    ZSTD(CompressionCodecName.ZSTD),
    GZIP(CompressionCodecName.GZIP),
    UNCOMPRESSED(CompressionCodecName.UNCOMPRESSED);

    private final CompressionCodecName codec;

    ParquetCompression(CompressionCodecName codec) {
        this.codec = codec;
    }

    CompressionCodecName codec() {
        return codec;
    }
}
