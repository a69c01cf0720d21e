package dev.labelpanel.pipelines.inspect;

import dev.labelpanel.pipelines.config.ConfigException;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.pipelines.run.OutputFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * {@code labelpanel inspect}: an output folder's Parquet schema (from a file footer), rows per file, labels per
 * granularity and split, and a few sample rows, read with plain parquet-avro.
 */
public final class OutputInspector {
    private static final int TEXT_CHARS = 80;

    private OutputInspector() {}

    public static String inspect(Path dir, int sampleRows) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(
                    "output folder " + dir + " does not exist: pass the folder a run wrote (its --out)");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new ConfigException("no Parquet files under " + dir + ": is it a labelpanel output folder?");
        }
        if (!OutputFolder.isComplete(dir)) {
            throw new ConfigException(
                    "output folder " + dir + " is incomplete (no " + LabelPanelPipeline.SUMMARY_FILE
                            + "): the run that wrote it did not finish; run the same command again (it resumes from the cache)");
        }
        StringBuilder s = new StringBuilder("labelpanel output ").append(dir).append('\n');
        try (ParquetFileReader footer = ParquetFileReader.open(new LocalInputFile(files.get(0)))) {
            s.append("schema (").append(dir.relativize(files.get(0))).append(")\n");
            for (String line :
                    footer.getFooter().getFileMetaData().getSchema().toString().split("\n")) {
                s.append("  ").append(line).append('\n');
            }
        }
        s.append("rows per file\n");
        long total = 0;
        for (Path file : files) {
            try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
                long rows = reader.getRecordCount();
                total += rows;
                s.append(String.format("  %-52s %9d%n", dir.relativize(file), rows));
            }
        }
        s.append(String.format("  %-52s %9d%n", "total", total));
        Map<String, Map<String, Long>> labels = new TreeMap<>();
        List<GenericRecord> samples = new ArrayList<>();
        for (Path file : files) {
            try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                            new LocalInputFile(file))
                    .withDataModel(GenericData.get())
                    .build()) {
                GenericRecord r;
                while ((r = reader.read()) != null) {
                    String key = field(r, "granularity") + " " + field(r, "split");
                    String label = r.getSchema().getField("label") == null || r.get("label") == null
                            ? "(none)"
                            : field(r, "label");
                    labels.computeIfAbsent(key, k -> new TreeMap<>()).merge(label, 1L, Long::sum);
                    if (samples.size() < sampleRows) {
                        samples.add(r);
                    }
                }
            }
        }
        s.append("labels per granularity and split\n");
        labels.forEach((key, counts) -> s.append(String.format(
                "  %-22s %s%n",
                key, counts.toString().replace("{", "").replace("}", "").replace("=", " "))));
        s.append("sample rows\n");
        for (GenericRecord r : samples) {
            s.append(String.format(
                    "  %s %s %s label=%s text=%s%n",
                    field(r, "item_id"),
                    field(r, "granularity"),
                    field(r, "split"),
                    field(r, "label"),
                    truncate(field(r, "text"))));
        }
        return s.toString();
    }

    private static String field(GenericRecord r, String name) {
        if (r.getSchema().getField(name) == null) {
            return "-";
        }
        Object value = r.get(name);
        return value == null ? "-" : value.toString();
    }

    static String truncate(String text) {
        String flat = text.replace("\n", "\\n");
        return flat.length() <= TEXT_CHARS ? flat : flat.substring(0, TEXT_CHARS - 1) + "…";
    }
}
