package dev.labelpanel.pipelines.inspect;

import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.output.WriteDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * The Parquet files of a local output folder, read with plain parquet-avro as {@link GenericRecord}s in each file's
 * own schema (so columns added by later versions show up, and older files read as they are). {@code inspect} and
 * the report read outputs through here.
 */
public final class OutputFiles {
    /** A dataset file: {@code <granularity>/<part>-NNNNN-of-NNNNN.parquet}, part a split or {@code unlabeled}. */
    public record DatasetFile(String granularity, String part, Path path, long rows) {}

    private OutputFiles() {}

    /** Every {@code .parquet} file under {@code dir}, windows of a watch run included, sorted by path. */
    public static List<Path> allParquet(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
        }
    }

    /** The {@code .parquet} files directly in {@code folder}, sorted by name; none when it is not a folder. */
    public static List<Path> parquetIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .sorted()
                    .toList();
        }
    }

    /** The dataset files directly under {@code dir}'s granularity folders, by granularity then file name. */
    public static List<DatasetFile> datasetFiles(Path dir) throws IOException {
        List<DatasetFile> files = new ArrayList<>();
        for (Granularity g : Granularity.values()) {
            Path folder = dir.resolve(g.wireName());
            for (Path p : parquetIn(folder)) {
                String name = p.getFileName().toString();
                int dash = name.indexOf('-');
                files.add(new DatasetFile(g.wireName(), dash < 0 ? name : name.substring(0, dash), p, rowCount(p)));
            }
        }
        return files;
    }

    /** Rows in {@code file}, from its footer. */
    public static long rowCount(Path file) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            return reader.getRecordCount();
        }
    }

    /** The schema of {@code file}, as Parquet prints it. */
    public static String schema(Path file) throws IOException {
        try (ParquetFileReader footer = ParquetFileReader.open(new LocalInputFile(file))) {
            return footer.getFooter().getFileMetaData().getSchema().toString();
        }
    }

    /** Calls {@code each} with every row of {@code file}, in file order. */
    public static void readRows(Path file, Consumer<GenericRecord> each) throws IOException {
        readRowsWhile(file, r -> {
            each.accept(r);
            return true;
        });
    }

    /** Calls {@code each} with the rows of {@code file}, in file order, until it returns false. */
    public static void readRowsWhile(Path file, Predicate<GenericRecord> each) throws IOException {
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
                .withDataModel(GenericData.get())
                .build()) {
            GenericRecord r;
            while ((r = reader.read()) != null && each.test(r)) {}
        }
    }

    /** True for the file-name part of items no model could label. */
    public static boolean unlabeled(String part) {
        return WriteDataset.UNLABELED.equals(part);
    }
}
