package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;

/**
 * What a run decided for each item, one comparable line per item (keyed by item id and granularity): the label
 * columns (label, label_id, label_source, stage1_label, unlabeled_reason, agreement, confidence, label_probs),
 * every vote (labeler, model, label or no-vote reason, raw answer, finish reason, tokens, served model, label_probs)
 * and the calibration (calibrator, first and critique answers as votes, changed). Probabilities are compared to 9
 * decimals: a Dawid-Skene fit sums its vote patterns in whatever order the runner merges them, which moves the
 * posterior in its last bits from run to run. Left out: how a call went (latency, attempts, cached, deferred,
 * hedged) and config_hash (it covers endpoints' URLs), which may differ between equivalent runs.
 */
final class ItemDecisions {
    private static final List<String> ROW_FIELDS = List.of(
            "split",
            "label",
            "label_id",
            "label_source",
            "stage1_label",
            "unlabeled_reason",
            "agreement",
            "confidence",
            "label_probs");
    private static final List<String> VOTE_FIELDS = List.of(
            "labeler",
            "model",
            "label",
            "no_vote_reason",
            "raw_answer",
            "finish_reason",
            "prompt_tokens",
            "completion_tokens",
            "served_model",
            "label_probs");

    private ItemDecisions() {}

    /** Item id and granularity → the item's decisions, for every row of the output folder {@code out}. */
    static Map<String, String> of(Path out) throws IOException {
        Map<String, String> decisions = new TreeMap<>();
        for (Outputs.Row row : Outputs.readAll(out)) {
            String key = row.get("item_id") + " " + row.get("granularity");
            assertEquals(null, decisions.put(key, decisions(row.record())), "one row per item: " + key);
        }
        return decisions;
    }

    private static String decisions(GenericRecord r) {
        StringBuilder s = new StringBuilder();
        ROW_FIELDS.forEach(
                field -> s.append(field).append('=').append(value(r.get(field))).append(' '));
        @SuppressWarnings("unchecked")
        List<GenericRecord> votes = (List<GenericRecord>) r.get("votes");
        votes.forEach(vote -> s.append("\n  vote ").append(vote(vote)));
        GenericRecord cal = (GenericRecord) r.get("calibration");
        if (cal != null) {
            s.append("\n  calibration ")
                    .append(cal.get("calibrator"))
                    .append(" changed=")
                    .append(cal.get("changed"))
                    .append("\n    first ")
                    .append(vote((GenericRecord) cal.get("first_answer")))
                    .append("\n    critique ")
                    .append(vote((GenericRecord) cal.get("critique_answer")));
        }
        return s.toString();
    }

    private static String vote(GenericRecord vote) {
        if (vote == null) {
            return "-";
        }
        StringBuilder s = new StringBuilder();
        VOTE_FIELDS.forEach(field ->
                s.append(field).append('=').append(value(vote.get(field))).append(' '));
        return s.toString();
    }

    /** {@code value} as text; a probability (or a list of them) to 9 decimals. */
    private static String value(Object value) {
        if (value instanceof Double d) {
            return String.format(java.util.Locale.ROOT, "%.9f", d);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ItemDecisions::value).toList().toString();
        }
        return String.valueOf(value);
    }

    /**
     * Asserts both runs wrote the same items with the same decisions; the message names how many differ and shows
     * the first few side by side (the whole map would be unreadable for thousands of items).
     */
    static void assertSame(Map<String, String> expected, Map<String, String> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": item ids");
        List<String> differ = new ArrayList<>();
        expected.forEach((item, decided) -> {
            if (!decided.equals(actual.get(item))) {
                differ.add(item);
            }
        });
        StringBuilder shown = new StringBuilder();
        differ.stream()
                .limit(3)
                .forEach(item -> shown.append("\n")
                        .append(item)
                        .append("\n expected ")
                        .append(expected.get(item))
                        .append("\n actual   ")
                        .append(actual.get(item)));
        assertEquals(
                0,
                differ.size(),
                what + ": " + differ.size() + " of " + expected.size() + " items decided differently" + shown);
    }
}
