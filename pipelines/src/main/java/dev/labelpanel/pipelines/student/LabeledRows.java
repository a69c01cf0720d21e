package dev.labelpanel.pipelines.student;

import dev.labelpanel.pipelines.config.ConfigException;
import dev.labelpanel.pipelines.inspect.OutputFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The labeled rows of one granularity of an output folder ({@code <granularity>/<split>-*.parquet}), read with
 * plain parquet-avro, in item_id order so that training sees them in the same order on every run. Rows without a
 * label (runs without labelers) are left out; unlabeled files are not read.
 */
public final class LabeledRows {
    /** One labeled item: what the features see, the teacher's labels and the optional confidence. */
    public record Row(
            String itemId,
            String split,
            String role,
            String text,
            List<String> context,
            String label,
            String panelLabel,
            Double confidence) {}

    private LabeledRows() {}

    /** Rows of {@code split} ({@code train}, {@code validation}, {@code test}) of {@code granularity}. */
    public static List<Row> read(Path outDir, String granularity, String split) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path file : OutputFiles.parquetIn(outDir.resolve(granularity))) {
            if (!file.getFileName().toString().startsWith(split + "-")) {
                continue;
            }
            try {
                OutputFiles.readRows(file, r -> {
                    String label = string(r, "label");
                    if (label != null && !label.isEmpty()) {
                        rows.add(new Row(
                                string(r, "item_id"),
                                split,
                                string(r, "role"),
                                string(r, "text"),
                                context(r),
                                label,
                                string(r, "stage1_label"),
                                confidence(r)));
                    }
                });
            } catch (RuntimeException e) {
                throw new ConfigException("cannot read " + file + " as a labelpanel output file: " + e.getMessage());
            }
        }
        rows.sort(Comparator.comparing(Row::itemId));
        return rows;
    }

    private static String string(GenericRecord r, String field) {
        if (r.getSchema().getField(field) == null) {
            return null;
        }
        Object value = r.get(field);
        return value == null ? null : value.toString();
    }

    private static List<String> context(GenericRecord r) {
        if (r.getSchema().getField("context") == null || r.get("context") == null) {
            return null;
        }
        List<String> turns = new ArrayList<>();
        for (Object turn : (List<?>) r.get("context")) {
            turns.add(String.valueOf(((GenericRecord) turn).get("text")));
        }
        return turns;
    }

    /** The {@code confidence} column (added by Dawid-Skene aggregation) when the schema has it. */
    private static Double confidence(GenericRecord r) {
        Schema.Field field = r.getSchema().getField("confidence");
        if (field == null || r.get("confidence") == null) {
            return null;
        }
        return ((Number) r.get("confidence")).doubleValue();
    }
}
