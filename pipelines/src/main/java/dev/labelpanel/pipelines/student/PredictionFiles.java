package dev.labelpanel.pipelines.student;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;

/** Row counts of the Parquet files {@code classify} wrote, from their footers. */
final class PredictionFiles {
    private PredictionFiles() {}

    static long rows(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long rows = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".parquet")).toList()) {
                try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(f))) {
                    rows += reader.getRecordCount();
                }
            }
        }
        return rows;
    }
}
