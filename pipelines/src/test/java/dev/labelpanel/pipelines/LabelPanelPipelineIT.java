package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.pipelines.config.ConfigException;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.LabelPanelOptions;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.splits.Split;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole job on the Direct runner, its Parquet read back with plain parquet-avro. */
class LabelPanelPipelineIT {
    @TempDir
    Path tmp;

    private static Path config() throws Exception {
        return Path.of(LabelPanelPipelineIT.class.getResource("/it/run.yaml").toURI());
    }

    private PipelineResult.State run(Path out, boolean overwrite) throws Exception {
        LabelPanelOptions options = PipelineOptionsFactory.fromArgs(
                        "--config=" + config(), "--out=" + out, "--overwrite=" + overwrite, "--runner=DirectRunner")
                .withValidation()
                .as(LabelPanelOptions.class);
        return LabelPanelPipeline.run(options).waitUntilFinish();
    }

    @Test
    void writesTheDocumentedLayoutWithEveryField() throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(PipelineResult.State.DONE, run(out, false));

        List<Outputs.Row> rows = Outputs.readAll(out);
        // Each row sits in <granularity>/<split>-NNNNN-of-NNNNN.parquet matching its own fields.
        for (Outputs.Row row : rows) {
            assertTrue(
                    row.file().matches(row.get("granularity") + "/" + row.get("split") + "-\\d{5}-of-\\d{5}\\.parquet"),
                    row.file());
        }
        Set<String> utterances = rows.stream()
                .filter(r -> r.get("granularity").equals("utterance"))
                .map(r -> r.get("role") + ":" + r.get("text"))
                .collect(Collectors.toCollection(TreeSet::new));
        // "hi   there" and "Hi there" differ in case; "Hi there" of c duplicates a's; system turns are skipped.
        assertEquals(
                new TreeSet<>(List.of(
                        "user:Hi there",
                        "bot:Hello! What shall we talk about?",
                        "user:Dinosaurs 🦖",
                        "bot:Great choice.\nWhich one is your favourite?",
                        "user:hi   there",
                        "bot:Hey!",
                        "user:Tell me, \"please\"",
                        "bot:Sure:\nhere it is.")),
                utterances);
        assertEquals(12, rows.size(), "8 utterances + 4 pairs");

        Outputs.Row pair = rows.stream()
                .filter(r -> r.get("text").equals("Sure:\nhere it is.")
                        && r.get("granularity").equals("context"))
                .findFirst()
                .orElseThrow();
        GenericRecord record = pair.record();
        assertEquals("z", pair.get("dialogue_id"));
        assertEquals("bot", pair.get("role"));
        assertEquals(1, record.get("turn_index"));
        assertEquals(1L, record.get("record_number"));
        assertTrue(pair.get("source_file").endsWith("rows.csv"));
        assertEquals(32, pair.get("item_id").length());
        @SuppressWarnings("unchecked")
        List<GenericRecord> context = (List<GenericRecord>) record.get("context");
        assertEquals(1, context.size());
        assertEquals("user", context.get(0).get("role").toString());
        assertEquals("Tell me, \"please\"", context.get(0).get("text").toString());
        for (String labelField :
                List.of("label", "label_id", "label_source", "stage1_label", "agreement", "calibration")) {
            assertNull(record.get(labelField), labelField + " stays empty until the labeling stages run");
        }
        assertEquals(List.of(), record.get("votes"));

        List<String> deadLetters = Files.readAllLines(out.resolve("dead-letter/dead-letters-00000-of-00001.jsonl"));
        ObjectMapper json = new ObjectMapper();
        Map<String, String> categories = deadLetters.stream()
                .map(this::parse)
                .collect(Collectors.toMap(
                        d -> d.get("source_file").asText().replaceAll(".*/", "") + "#"
                                + d.get("record_number").asLong(),
                        d -> d.get("category").asText()));
        assertEquals(
                Map.of(
                        "chats.jsonl#4",
                        "malformed-json",
                        "chats.jsonl#5",
                        "missing-text",
                        "rows.csv#3",
                        "missing-column"),
                categories);

        RunSummary summary = RunSummary.read(out.resolve("run-summary.json"));
        assertEquals(8, summary.count(SummaryKey.recordsRead()), "5 JSON lines + 3 CSV rows");
        assertEquals(5, summary.count(SummaryKey.recordsInDialogues()));
        assertEquals(3, summary.deadLetters());
        assertEquals(10, summary.count(SummaryKey.itemsEmitted(Granularity.UTTERANCE)));
        assertEquals(2, summary.count(SummaryKey.itemsDuplicates(Granularity.UTTERANCE)));
        assertEquals(8, summary.count(SummaryKey.itemsWritten(Granularity.UTTERANCE)));
        assertEquals(5, summary.count(SummaryKey.itemsEmitted(Granularity.CONTEXT)));
        assertEquals(1, summary.count(SummaryKey.itemsDuplicates(Granularity.CONTEXT)));
        assertEquals(1, summary.count(SummaryKey.turnsSystemSkipped()));
        assertTrue(summary.balanced());
        assertEquals(
                rows.stream().filter(r -> r.get("split").equals("train")).count(),
                summary.count(SummaryKey.itemsWritten(Granularity.UTTERANCE, Split.TRAIN))
                        + summary.count(SummaryKey.itemsWritten(Granularity.CONTEXT, Split.TRAIN)));
        json.readTree(Files.readString(out.resolve("run-summary.json")));
    }

    private JsonNode parse(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }

    @Test
    void aRerunGivesIdenticalIdsAndSplitsAndNeedsOverwrite() throws Exception {
        Path out = tmp.resolve("out");
        run(out, false);
        Set<String> first = idsAndSplits(out);
        ConfigException refused = assertThrows(ConfigException.class, () -> run(out, false));
        assertTrue(refused.getMessage().contains("pass --overwrite"), refused.getMessage());
        run(out, true);
        assertEquals(first, idsAndSplits(out));
    }

    @Test
    void anInputPatternThatMatchesNothingStopsTheRunBeforeItStarts() throws Exception {
        Path config = tmp.resolve("typo.yaml");
        Files.writeString(config, "input:\n  paths: [inptu/*.jsonl]\n");
        LabelPanelOptions options = PipelineOptionsFactory.fromArgs("--config=" + config, "--out=" + tmp.resolve("out"))
                .withValidation()
                .as(LabelPanelOptions.class);
        ConfigException e = assertThrows(ConfigException.class, () -> LabelPanelPipeline.run(options));
        assertTrue(e.getMessage().contains("inptu/*.jsonl] match no file"), e.getMessage());
        assertTrue(!Files.exists(tmp.resolve("out")), "nothing is written");
    }

    private static Set<String> idsAndSplits(Path out) throws Exception {
        return Outputs.readAll(out).stream()
                .map(r -> r.get("item_id") + " " + r.get("granularity") + " " + r.get("split"))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
