package dev.labelpanel.pipelines.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Input of any size for the memory benchmark (BENCHMARKS.md, "Memory"): the real CensorChat pools (15,379 records,
 * 18,067 unique items) repeated as often as needed, each repetition's texts made unique by a suffix ({@code " [k]"}
 * on every text of copy k; copy 0 is the pools unchanged), so N records give about N x 1.175 unique items with the
 * pools' length mix. Written as JSON Lines, 20,000 records a file. Never commit the output. Run:
 *
 * <pre>
 * java -cp pipelines/target/labelpanel-pipelines-0.1.0-SNAPSHOT-all.jar:pipelines/target/test-classes \
 *   dev.labelpanel.pipelines.bench.SyntheticCensorChat ../shared/data/censorchat /tmp/cc-340k 340000
 * </pre>
 */
public final class SyntheticCensorChat {
    private static final int RECORDS_PER_FILE = 20_000;

    private SyntheticCensorChat() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: SyntheticCensorChat CENSORCHAT_DIR OUT_DIR RECORDS");
            System.exit(2);
        }
        Path pools = Path.of(args[0]);
        Path out = Path.of(args[1]);
        long records = Long.parseLong(args[2]);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> pool = new ArrayList<>();
        json.readTree(pools.resolve("utterance_valid_test_set.json").toFile()).forEach(pool::add);
        json.readTree(pools.resolve("ctx_valid_test_set.json").toFile()).forEach(pool::add);
        Files.createDirectories(out);
        BufferedWriter writer = null;
        for (long i = 0; i < records; i++) {
            if (i % RECORDS_PER_FILE == 0) {
                if (writer != null) {
                    writer.close();
                }
                writer = Files.newBufferedWriter(out.resolve(String.format("part-%05d.jsonl", i / RECORDS_PER_FILE)));
            }
            long copy = i / pool.size();
            JsonNode record = pool.get((int) (i % pool.size()));
            writer.write(json.writeValueAsString(copy == 0 ? record : variant(record.deepCopy(), " [" + copy + "]")));
            writer.newLine();
        }
        if (writer != null) {
            writer.close();
        }
        System.out.printf("%d records in %s%n", records, out);
    }

    /** The record with the suffix appended to every text it holds. */
    private static JsonNode variant(JsonNode record, String suffix) {
        if (record.has("text")) {
            ((ObjectNode) record).put("text", record.get("text").asText() + suffix);
        } else {
            ObjectNode dialogue = (ObjectNode) record.get("dialogue");
            dialogue.put("user", dialogue.get("user").asText() + suffix);
            dialogue.put("bot", dialogue.get("bot").asText() + suffix);
        }
        return record;
    }
}
