package dev.labelpanel.pipelines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/** Reads a run's output folder back with plain parquet-avro, independently of the pipeline's own code. */
final class Outputs {
    private Outputs() {}

    /** Every row of every Parquet file under {@code dir}, with the file's path relative to {@code dir}. */
    static List<Row> readAll(Path dir) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
        }
        for (Path file : files) {
            try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                            new LocalInputFile(file))
                    .withDataModel(GenericData.get())
                    .build()) {
                GenericRecord r;
                while ((r = reader.read()) != null) {
                    rows.add(new Row(dir.relativize(file).toString(), r));
                }
            }
        }
        return rows;
    }

    record Row(String file, GenericRecord record) {
        String get(String field) {
            Object value = record.get(field);
            return value == null ? null : value.toString();
        }
    }

    /** The project root (the folder with the aggregator pom), found from the working directory. */
    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("pipelines")) && Files.exists(dir.resolve("schemas"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "not inside the labelpanel project: " + Path.of("").toAbsolutePath());
    }
}
