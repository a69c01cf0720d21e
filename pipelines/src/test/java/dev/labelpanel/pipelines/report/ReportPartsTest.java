package dev.labelpanel.pipelines.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labelpanel.schemas.LabeledItem;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** The report's pure parts: escaping, the card's features, label names from rows, the method read back. */
class ReportPartsTest {
    @Test
    void dataIsEscapedForHtml() {
        assertEquals(
                "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;",
                Html.esc("<script>alert(\"x\")</script> & 'q'"));
        assertEquals("", Html.esc(null));
        String table = Html.table(List.of("<h>"), List.of(List.of("<img src=x>", 3L)));
        assertTrue(table.contains("<td>&lt;img src=x&gt;</td>") && table.contains("<td class=\"n\">3</td>"), table);
    }

    @Test
    void theCardsFeaturesFollowTheRowSchemaWithLabelIdAsAClassLabel() {
        JsonNode features = FeatureSchema.features(LabeledItem.getClassSchema(), List.of("NSFW", "SFW"));
        JsonNode labelId = find(features, "label_id");
        assertEquals(
                "NSFW",
                labelId.path("dtype")
                        .path("class_label")
                        .path("names")
                        .path("0")
                        .asText());
        assertEquals(
                "SFW",
                labelId.path("dtype")
                        .path("class_label")
                        .path("names")
                        .path("1")
                        .asText());
        assertEquals("int64", find(features, "record_number").path("dtype").asText());
        assertEquals("float64", find(features, "agreement").path("dtype").asText());
        JsonNode votes = find(features, "votes").path("list");
        assertEquals("bool", find(votes, "cached").path("dtype").asText());
        JsonNode calibration = find(features, "calibration").path("struct");
        assertEquals(
                "int32",
                find(find(calibration, "first_answer").path("struct"), "attempts")
                        .path("dtype")
                        .asText());
        assertEquals(LabeledItem.getClassSchema().getFields().size(), features.size());
    }

    @Test
    void aColumnWithoutAYamlFormLeavesTheFeaturesToTheFiles() {
        Schema withMap = SchemaBuilder.record("Row")
                .fields()
                .requiredString("text")
                .name("label_probs")
                .type()
                .map()
                .values()
                .doubleType()
                .noDefault()
                .endRecord();
        assertNull(FeatureSchema.features(withMap, List.of("A")));
    }

    @Test
    void labelNamesComeFromTheRowsOnlyWhenTheirIdsAreComplete() {
        assertEquals(
                List.of("NSFW", "SFW"),
                OutputReport.labelsFromRows(new java.util.TreeMap<>(Map.of(0, "NSFW", 1, "SFW"))));
        assertEquals(List.of(), OutputReport.labelsFromRows(new java.util.TreeMap<>(Map.of(1, "SFW"))));
    }

    @Test
    void theDawidSkeneNoteSaysWhatTheModelWasFittedToAndWhetherItDecided() throws Exception {
        String method =
                "\"method\": {\"labeled\": true, \"labels\": [\"NSFW\", \"SFW\"], \"vote_rule\": \"panel-majority\","
                        + " \"aggregation\": \"%s\"}";
        RunSummary softDecided = RunSummary.parse(
                "{\"dawid_skene\": {\"soft_votes\": true}, " + String.format(method, "dawid-skene") + "}");
        String note = new LabelerSection(softDecided, RunMethod.of(softDecided), null, null).dawidSkeneNote();
        assertTrue(note.contains("with the probabilities the labelers stated"), note);
        assertTrue(note.contains("the model that gave the stage-1 labels"), note);

        RunSummary votesBeside = RunSummary.parse(
                "{\"dawid_skene\": {\"soft_votes\": false}, " + String.format(method, "majority") + "}");
        note = new LabelerSection(votesBeside, RunMethod.of(votesBeside), null, null).dawidSkeneNote();
        assertTrue(note.contains("votes alone"), note);
        assertTrue(note.contains("came from the vote rule"), note);
    }

    @Test
    void theWallTimeIsReadBackFromTheSummaryTheRunAddedItTo() throws Exception {
        RunTiming timing = RunTiming.of(
                java.time.Instant.parse("2026-12-01T10:00:00.123456Z"), java.time.Duration.ofMillis(61_234));
        RunSummary summary = RunSummary.parse(timing.addTo("{\"records\": {\"read\": 5}}"));
        assertEquals(timing, RunTiming.of(summary));
        assertEquals(
                61.234,
                summary.find(dev.labelpanel.transforms.summary.SummaryKey.wallSeconds())
                        .asDouble());
        assertEquals(
                5,
                summary.find(dev.labelpanel.transforms.summary.SummaryKey.recordsRead())
                        .asLong());
        assertEquals("61.2 s (2026-12-01T10:00:00.123Z to 2026-12-01T10:01:01.357Z)", ReportPage.wallTime(timing));
        assertNull(RunTiming.of(RunSummary.parse("{}")));
        assertTrue(ReportPage.wallTime(null).startsWith("not recorded"));
    }

    @Test
    void latencyPercentilesAreNearestRank() {
        LabelerStats stats = new LabelerStats("a");
        for (long ms = 1; ms <= 100; ms++) {
            org.apache.avro.generic.GenericData.Record vote =
                    new org.apache.avro.generic.GenericData.Record(dev.labelpanel.schemas.Vote.getClassSchema());
            vote.put("labeler", "a");
            vote.put("model", "m");
            vote.put("label", ms % 2 == 0 ? "X" : null);
            vote.put("no_vote_reason", ms % 2 == 0 ? null : "call-failed: HTTP 500");
            vote.put("latency_ms", ms);
            vote.put("attempts", 1);
            vote.put("cached", false);
            stats.add(vote);
        }
        assertEquals(50, stats.latencyPercentile(50));
        assertEquals(99, stats.latencyPercentile(99));
        assertEquals(Map.of("call-failed", 50L), stats.noVotes());
        assertEquals(Map.of("X", 50L), stats.labels());
    }

    private static JsonNode find(JsonNode fields, String name) {
        for (JsonNode f : fields) {
            if (f.path("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no feature " + name + " in " + fields);
    }
}
