package dev.labelpanel.pipelines;

import dev.labelpanel.pipelines.inspect.OutputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads a run's output folder back with plain parquet-avro ({@link OutputFiles}, as {@code inspect} reads it),
 * independently of the pipeline's own code.
 */
final class Outputs {
    private Outputs() {}

    /** Every row of every Parquet file under {@code dir}, with the file's path relative to {@code dir}. */
    static List<Row> readAll(Path dir) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path file : OutputFiles.allParquet(dir)) {
            OutputFiles.readRows(
                    file, r -> rows.add(new Row(dir.relativize(file).toString(), r)));
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
