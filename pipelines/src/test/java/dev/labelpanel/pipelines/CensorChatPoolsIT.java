package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.LabelPanelOptions;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CensorChat validation/test pools (../shared/data/censorchat, read in place): every record is read,
 * dedup and split sizes are exact, and a second run gives identical item ids and splits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CensorChatPoolsIT {
    private static final Path DATA = RunFixture.POOLS;

    @TempDir
    static Path tmp;

    private Path firstOut;

    @BeforeAll
    void runOnce() throws Exception {
        assumeTrue(
                Files.isDirectory(DATA),
                "skipped: the CensorChat pools are not at " + DATA + " (they live beside the project in ../shared)");
        firstOut = tmp.resolve("first");
        run(firstOut);
    }

    private void run(Path out) throws Exception {
        Path config = tmp.resolve("censorchat.yaml");
        Files.writeString(config, "input:\n  paths: ['" + DATA + "/*.json']\n");
        LabelPanelOptions options = PipelineOptionsFactory.fromArgs(
                        "--config=" + config,
                        "--out=" + out,
                        "--runner=DirectRunner",
                        "--enforceImmutability=false",
                        "--enforceEncodability=false")
                .withValidation()
                .as(LabelPanelOptions.class);
        assertEquals(PipelineResult.State.DONE, LabelPanelPipeline.run(options).waitUntilFinish());
    }

    @Test
    void readsEveryRecordOfBothPools() throws Exception {
        RunSummary summary = RunSummary.read(firstOut.resolve("run-summary.json"));
        assertEquals(8_123 + 7_256, summary.count(SummaryKey.recordsRead()));
        assertEquals(8_123 + 7_256, summary.count(SummaryKey.recordsInDialogues()));
        assertEquals(0, summary.deadLetters());
        // Every utterance record is one utterance; every pair record is two utterances and one pair.
        assertEquals(8_123 + 2 * 7_256, summary.count(SummaryKey.itemsEmitted(Granularity.UTTERANCE)));
        assertEquals(7_256, summary.count(SummaryKey.itemsEmitted(Granularity.CONTEXT)));
        assertTrue(summary.balanced());
    }

    @Test
    void uniqueItemsMatchAnIndependentCountAndSplitsAreExact() throws Exception {
        Map<String, Long> written = Outputs.readAll(firstOut).stream()
                .collect(Collectors.groupingBy(
                        r -> r.get("granularity") + "/" + r.get("split"), TreeMap::new, Collectors.counting()));
        long utterances = written.entrySet().stream()
                .filter(e -> e.getKey().startsWith("utterance/"))
                .mapToLong(Map.Entry::getValue)
                .sum();
        long pairs = written.entrySet().stream()
                .filter(e -> e.getKey().startsWith("context/"))
                .mapToLong(Map.Entry::getValue)
                .sum();

        // Recount from the raw JSON with the documented rule: NFC, whitespace runs collapsed, trimmed.
        ObjectMapper json = new ObjectMapper();
        Set<String> texts = new HashSet<>();
        Set<String> pairKeys = new HashSet<>();
        for (JsonNode r :
                json.readTree(DATA.resolve("utterance_valid_test_set.json").toFile())) {
            texts.add(normal(r.get("text").asText()));
        }
        for (JsonNode r : json.readTree(DATA.resolve("ctx_valid_test_set.json").toFile())) {
            String user = normal(r.get("dialogue").get("user").asText());
            String bot = normal(r.get("dialogue").get("bot").asText());
            texts.add(user);
            texts.add(bot);
            pairKeys.add(user + "\u0000" + bot);
        }
        assertEquals(texts.size(), utterances);
        assertEquals(pairKeys.size(), pairs);

        // Pinned: split assignment is a pure function of content and seed; a change here re-splits datasets.
        assertEquals(
                Map.of(
                        "utterance/train",
                        8_857L,
                        "utterance/validation",
                        526L,
                        "utterance/test",
                        1_439L,
                        "context/train",
                        5_931L,
                        "context/validation",
                        332L,
                        "context/test",
                        982L),
                written);
    }

    @Test
    void aSecondRunGivesIdenticalIdsAndSplits() throws Exception {
        Path second = tmp.resolve("second");
        run(second);
        assertEquals(idsAndSplits(firstOut), idsAndSplits(second));
    }

    private static List<String> idsAndSplits(Path out) throws Exception {
        return Outputs.readAll(out).stream()
                .map(r -> r.get("item_id") + " " + r.get("granularity") + " " + r.get("split"))
                .sorted()
                .toList();
    }

    private static String normal(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC)
                .replaceAll("[\\s\\p{Z}\\u200B\\uFEFF]+", " ")
                .trim();
    }
}
