package dev.labelpanel.transforms.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.splits.Split;
import dev.labelpanel.transforms.summary.SummaryKey.Pairs;
import dev.labelpanel.transforms.summary.SummaryKey.Relabeled;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The key paths are the run summary's documented field names (docs/run-summary.md): they must not drift. */
class SummaryKeyTest {
    @Test
    void keysHaveTheDocumentedPaths() {
        Map<SummaryKey, String> documented = Map.ofEntries(
                Map.entry(SummaryKey.recordsRead(), "records/read"),
                Map.entry(SummaryKey.recordsInDialogues(), "records/in_dialogues"),
                Map.entry(
                        SummaryKey.deadLetters("ReadDialogues", "malformed-json"),
                        "dead_letters/ReadDialogues/malformed-json"),
                Map.entry(SummaryKey.dialogues(), "dialogues"),
                Map.entry(SummaryKey.turnsBotWithoutUserTurn(), "turns/bot_without_user_turn"),
                Map.entry(SummaryKey.itemsEmitted(Granularity.UTTERANCE), "items/utterance/emitted"),
                Map.entry(SummaryKey.itemsDuplicates(Granularity.CONTEXT), "items/context/duplicates"),
                Map.entry(
                        SummaryKey.itemsWritten(Granularity.CONTEXT, Split.VALIDATION),
                        "items/context/written/validation"),
                Map.entry(
                        SummaryKey.itemsCarriedOver(Granularity.UTTERANCE, Split.TEST),
                        "items/utterance/carried_over/test"),
                Map.entry(
                        SummaryKey.itemsLabeledThisRun(Granularity.UTTERANCE, Split.TRAIN),
                        "items/utterance/labeled_this_run/train"),
                Map.entry(SummaryKey.previousRelabeled(Relabeled.CONFIG_CHANGED), "previous/relabeled/config_changed"),
                Map.entry(SummaryKey.previousNotInInput(), "previous/not_in_input"),
                Map.entry(
                        SummaryKey.label(Granularity.UTTERANCE, Split.TEST, "NSFW"),
                        "labels/utterance/test/label/NSFW"),
                Map.entry(
                        SummaryKey.labelSource(Granularity.CONTEXT, Split.TRAIN, "majority"),
                        "labels/context/train/source/majority"),
                Map.entry(
                        SummaryKey.agreement(Granularity.UTTERANCE, Split.TRAIN, 3, 4),
                        "labels/utterance/train/agreement/3_of_4"),
                Map.entry(SummaryKey.changed(Granularity.CONTEXT, Split.TEST), "calibration/context/changed/test"),
                Map.entry(
                        SummaryKey.pair(Granularity.UTTERANCE, Pairs.STAGE1_VS_FINAL, "SFW", "NSFW"),
                        "calibration/utterance/pairs/stage1_vs_final/SFW/NSFW"),
                Map.entry(SummaryKey.calls("llama", CallCount.CACHE_HITS), "calls/llama/cache_hits"),
                Map.entry(SummaryKey.noVotes("llama", "refusal"), "calls/llama/no_votes/refusal"),
                Map.entry(
                        SummaryKey.usage(UsageStage.SELF_CRITICISM, "c", CallCount.SAVED_PROMPT_TOKENS),
                        "usage/self_criticism/c/saved_prompt_tokens"),
                Map.entry(SummaryKey.timingStarted(), "timing/started"),
                Map.entry(SummaryKey.timingEnded(), "timing/ended"),
                Map.entry(SummaryKey.wallSeconds(), "timing/wall_seconds"));
        documented.forEach((key, path) -> assertEquals(path, key.path()));
    }

    @Test
    void aSlashInFreeTextStaysOneLevel() {
        assertEquals(
                "calls/org_model/answers",
                SummaryKey.calls("org/model", CallCount.ANSWERS).path());
        assertEquals(
                List.of("labels", "utterance", "train", "label", "a_b"),
                SummaryKey.parts(SummaryKey.label(Granularity.UTTERANCE, Split.TRAIN, "a/b")
                        .path()));
    }

    @Test
    void findsCountsAndTheirParentsInTheSummaryJson() throws Exception {
        var json =
                new ObjectMapper().readTree("{\"items\": {\"context\": {\"written\": {\"test\": 4, \"train\": 6}}}}");
        assertEquals(
                4,
                SummaryKey.itemsWritten(Granularity.CONTEXT, Split.TEST)
                        .find(json)
                        .asLong());
        assertEquals(2, SummaryKey.itemsWritten(Granularity.CONTEXT).find(json).size());
        assertTrue(SummaryKey.itemsWritten(Granularity.UTTERANCE).find(json).isMissingNode());
    }

    @Test
    void putSetsAValueWhereFindLooksItUpAndKeepsItsSiblings() throws Exception {
        ObjectMapper json = new ObjectMapper();
        var summary = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.readTree("{\"records\": {\"read\": 3}, \"timing\": {\"started\": \"s\"}}");
        SummaryKey.wallSeconds().put(summary, json.getNodeFactory().numberNode(12.5));
        SummaryKey.timingStarted().put(summary, json.getNodeFactory().textNode("t"));
        assertEquals(12.5, SummaryKey.wallSeconds().find(summary).asDouble());
        assertEquals("t", SummaryKey.timingStarted().find(summary).asText());
        assertEquals(3, SummaryKey.recordsRead().find(summary).asLong());
        assertEquals(2, SummaryKey.timing().find(summary).size());
    }
}
