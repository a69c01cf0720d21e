package dev.labelpanel.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * The sample's gold labels (sample-data/gold), which the simulator profiles take as ground truth: what a model's
 * answers are drawn against, so a label can be checked against the truth the simulator used.
 */
final class SampleGold {
    private final Map<String, String> labels;

    private SampleGold(Map<String, String> labels) {
        this.labels = labels;
    }

    static SampleGold read() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> gold = new HashMap<>();
        for (String line : Files.readAllLines(RunFixture.ROOT.resolve("sample-data/gold/utterances.jsonl"))) {
            JsonNode g = json.readTree(line);
            gold.put("u|" + normal(g.get("text").asText()), g.get("label").asText());
        }
        for (String line : Files.readAllLines(RunFixture.ROOT.resolve("sample-data/gold/pairs.jsonl"))) {
            JsonNode g = json.readTree(line);
            gold.put(
                    "c|" + normal(g.get("context").asText()) + "|"
                            + normal(g.get("text").asText()),
                    g.get("label").asText());
        }
        return new SampleGold(gold);
    }

    /** The gold label of an output row, or null if the gold set does not cover it. */
    String of(Outputs.Row row) {
        return labels.get(key(row));
    }

    private static String key(Outputs.Row row) {
        String text = normal(row.get("text"));
        if (row.get("granularity").equals("utterance")) {
            return "u|" + text;
        }
        @SuppressWarnings("unchecked")
        List<GenericRecord> context = (List<GenericRecord>) row.record().get("context");
        return "c|" + normal("User: " + context.get(0).get("text")) + "|" + text;
    }

    private static String normal(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC)
                .replaceAll("[\\s\\p{Z}\\u200B\\uFEFF]+", " ")
                .trim();
    }
}
