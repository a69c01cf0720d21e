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
import org.apache.avro.generic.GenericRecord;

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
        List<Path> files = OutputFiles.allParquet(dir);
        if (files.isEmpty()) {
            throw new ConfigException("no Parquet files under " + dir + ": is it a labelpanel output folder?");
        }
        if (!OutputFolder.isComplete(dir)) {
            throw new ConfigException(
                    "output folder " + dir + " is incomplete (no " + LabelPanelPipeline.SUMMARY_FILE
                            + "): the run that wrote it did not finish; run the same command again (it resumes from the cache)");
        }
        StringBuilder s = new StringBuilder("labelpanel output ").append(dir).append('\n');
        s.append("schema (").append(dir.relativize(files.get(0))).append(")\n");
        for (String line : OutputFiles.schema(files.get(0)).split("\n")) {
            s.append("  ").append(line).append('\n');
        }
        s.append("rows per file\n");
        long total = 0;
        for (Path file : files) {
            long rows = OutputFiles.rowCount(file);
            total += rows;
            s.append(String.format("  %-52s %9d%n", dir.relativize(file), rows));
        }
        s.append(String.format("  %-52s %9d%n", "total", total));
        Map<String, Map<String, Long>> labels = new TreeMap<>();
        List<GenericRecord> samples = new ArrayList<>();
        for (Path file : files) {
            OutputFiles.readRows(file, r -> {
                String key = field(r, "granularity") + " " + field(r, "split");
                String label = r.getSchema().getField("label") == null || r.get("label") == null
                        ? "(none)"
                        : field(r, "label");
                labels.computeIfAbsent(key, k -> new TreeMap<>()).merge(label, 1L, Long::sum);
                if (samples.size() < sampleRows) {
                    samples.add(r);
                }
            });
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
