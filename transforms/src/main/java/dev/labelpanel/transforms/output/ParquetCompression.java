package dev.labelpanel.transforms.output;

import java.util.Locale;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** The Parquet compressions labelpanel offers. */
public enum ParquetCompression {
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

    public static ParquetCompression parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "output.compression must be one of snappy, zstd, gzip, uncompressed but was '" + name + "'", e);
        }
    }
}
