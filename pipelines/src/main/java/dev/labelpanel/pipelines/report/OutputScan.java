package dev.labelpanel.pipelines.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.pipelines.inspect.OutputFiles;
import dev.labelpanel.transforms.extract.Granularity;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One pass over a local output folder's files for what the run summary does not hold: the dataset files and their
 * rows, per granularity the rows' votes and samples ({@link GranularityScan}), each labeler's answers
 * ({@link LabelerStats}), the label ids and config hashes written, and examples of each dead-letter category.
 */
final class OutputScan {
    static final int DEAD_LETTER_EXAMPLES = 3;
    static final String DEAD_LETTER_FOLDER = "dead-letter";

    final List<OutputFiles.DatasetFile> files;
    final Map<String, GranularityScan> granularities = new LinkedHashMap<>();
    final Map<String, LabelerStats> labelers = new LinkedHashMap<>();
    final Map<Integer, String> labelIds = new TreeMap<>();
    final TreeSet<String> configHashes = new TreeSet<>();
    final Map<String, List<JsonNode>> deadLetters = new TreeMap<>();
    final Map<String, Long> deadLetterCounts = new TreeMap<>();

    private OutputScan(List<OutputFiles.DatasetFile> files) {
        this.files = files;
    }

    static OutputScan of(Path dir) throws IOException {
        List<OutputFiles.DatasetFile> files = new ArrayList<>(OutputFiles.datasetFiles(dir));
        files.sort(Comparator.comparing((OutputFiles.DatasetFile f) -> Granularity.parse(f.granularity()))
                .thenComparing(f -> partOrder(f.part())));
        OutputScan scan = new OutputScan(List.copyOf(files));
        for (OutputFiles.DatasetFile file : scan.files) {
            GranularityScan g = scan.granularities.computeIfAbsent(file.granularity(), GranularityScan::new);
            OutputFiles.readRows(file.path(), row -> {
                g.add(row, scan.labelers);
                String label = Rows.text(row, "label");
                if (label != null && Rows.value(row, "label_id") instanceof Integer id) {
                    scan.labelIds.putIfAbsent(id, label);
                }
                String hash = Rows.text(row, "config_hash");
                if (hash != null) {
                    scan.configHashes.add(hash);
                }
            });
        }
        scan.readDeadLetters(dir.resolve(DEAD_LETTER_FOLDER));
        return scan;
    }

    private void readDeadLetters(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<Path> jsonl;
        try (Stream<Path> list = Files.list(folder)) {
            jsonl = list.filter(p -> p.getFileName().toString().endsWith(".jsonl"))
                    .sorted()
                    .toList();
        }
        ObjectMapper json = new ObjectMapper();
        for (Path file : jsonl) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode d = json.readTree(line);
                    String category = d.path("category").asText("unknown");
                    deadLetterCounts.merge(category, 1L, Long::sum);
                    List<JsonNode> examples = deadLetters.computeIfAbsent(category, c -> new ArrayList<>());
                    if (examples.size() < DEAD_LETTER_EXAMPLES) {
                        examples.add(d);
                    }
                }
            }
        }
    }

    /** Files in reading order: samples come from train first, then validation, test and unlabeled. */
    private static int partOrder(String part) {
        int i = DatasetCard.PARTS.indexOf(part);
        return i < 0 ? DatasetCard.PARTS.size() : i;
    }

    /** Rows per granularity and file part ({@code train}, …, {@code unlabeled}), summed over shards. */
    Map<String, Map<String, Long>> rowsPerPart() {
        Map<String, Map<String, Long>> rows = new LinkedHashMap<>();
        for (OutputFiles.DatasetFile f : files) {
            rows.computeIfAbsent(f.granularity(), g -> new LinkedHashMap<>()).merge(f.part(), f.rows(), Long::sum);
        }
        return rows;
    }
}
