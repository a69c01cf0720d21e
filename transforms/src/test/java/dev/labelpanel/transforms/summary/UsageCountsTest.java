package dev.labelpanel.transforms.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.schemas.Calibration;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.schemas.Vote;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;

/** Usage per stage from where a vote sits ({@link LabelCounts}) and its price ({@link PriceUsage}). */
class UsageCountsTest {
    private static Vote vote(String labeler, String label, boolean cached, int attempts) {
        return Vote.newBuilder()
                .setLabeler(labeler)
                .setModel("m-" + labeler)
                .setLabel(label)
                .setCached(cached)
                .setAttempts(attempts)
                .setPromptTokens(100)
                .setCompletionTokens(2)
                .build();
    }

    private static LabeledItem item(String stage1, List<Vote> votes, Calibration calibration) {
        return LabeledItem.newBuilder()
                .setItemId("i")
                .setDialogueId("d")
                .setGranularity("utterance")
                .setSplit("test")
                .setRole("user")
                .setText("t")
                .setTurnIndex(0)
                .setSourceFile("f")
                .setRecordNumber(1L)
                .setLabel("SFW")
                .setStage1Label(stage1)
                .setVotes(votes)
                .setCalibration(calibration)
                .build();
    }

    private static Map<String, Long> sums(LabeledItem... items) {
        Map<String, Long> sums = new TreeMap<>();
        for (LabeledItem item : items) {
            for (KV<String, Long> kv : LabelCounts.of(item)) {
                if (kv.getKey().startsWith("usage/")) {
                    sums.merge(kv.getKey(), kv.getValue(), Long::sum);
                }
            }
        }
        return sums;
    }

    @Test
    void votesCountInTheStageWhereTheySitAndCachedTokensCountAsSaved() {
        LabeledItem majority = item("SFW", List.of(vote("a", "SFW", false, 2), vote("b", "SFW", true, 0)), null);
        Calibration cal = critiqued();
        LabeledItem filled = item(
                null,
                List.of(vote("a", "SFW", false, 1), vote("b", "NSFW", false, 1), vote("f", "SFW", false, 1)),
                cal);
        Map<String, Long> u = sums(majority, filled);
        assertEquals(2L, u.get("usage/panel/a/answers"));
        assertEquals(3L, u.get("usage/panel/a/attempts"));
        assertEquals(200L, u.get("usage/panel/a/prompt_tokens"));
        assertEquals(1L, u.get("usage/panel/b/cache_hits"));
        assertEquals(1L, u.get("usage/panel/b/cache_misses"));
        assertEquals(100L, u.get("usage/panel/b/saved_prompt_tokens"));
        assertEquals(100L, u.get("usage/panel/b/prompt_tokens"), "only the uncached answer is billed");
        assertEquals(1L, u.get("usage/fill/f/answers"));
        assertEquals(null, u.get("usage/panel/f/answers"), "the filler's vote is not a panel vote");
        assertEquals(1L, u.get("usage/calibration/c/attempts"));
        assertEquals(3L, u.get("usage/self_criticism/c/attempts"));
    }

    @Test
    void deferredCallsCountAsHealedOrFailedPerLabelerAndStage() {
        Vote healed =
                Vote.newBuilder(vote("a", "SFW", false, 9)).setDeferred(true).build();
        Vote failed = Vote.newBuilder(vote("b", null, false, 18))
                .setDeferred(true)
                .setNoVoteReason("call-failed: server-error")
                .setPromptTokens(null)
                .setCompletionTokens(null)
                .build();
        Map<String, Long> all = new TreeMap<>();
        for (KV<String, Long> kv :
                LabelCounts.of(item("SFW", List.of(healed, failed, vote("c", "SFW", false, 1)), null))) {
            all.merge(kv.getKey(), kv.getValue(), Long::sum);
        }
        assertEquals(1L, all.get("calls/a/deferred"));
        assertEquals(1L, all.get("calls/a/deferred_healed"));
        assertEquals(null, all.get("calls/a/deferred_failed"));
        assertEquals(1L, all.get("calls/b/deferred"));
        assertEquals(1L, all.get("calls/b/deferred_failed"));
        assertEquals(1L, all.get("calls/b/no_votes/call-failed"));
        assertEquals(1L, all.get("usage/panel/b/deferred_failed"));
        assertEquals(1L, all.get("usage/panel/a/deferred_healed"));
        assertEquals(null, all.get("calls/c/deferred"), "a call that never ran out of attempts");
    }

    @Test
    void hedgedCallsAreCountedAndTheirCancelledCopysPromptIsBilled() throws Exception {
        Vote won = Vote.newBuilder(vote("a", "SFW", false, 2))
                .setHedged(true)
                .setHedgeWon(true)
                .build();
        Vote lost = Vote.newBuilder(vote("a", "SFW", false, 2)).setHedged(true).build();
        Map<String, Long> all = new TreeMap<>();
        for (KV<String, Long> kv : LabelCounts.of(item("SFW", List.of(won, lost, vote("b", "SFW", false, 1)), null))) {
            all.merge(kv.getKey(), kv.getValue(), Long::sum);
        }
        assertEquals(2L, all.get("calls/a/hedged"));
        assertEquals(1L, all.get("calls/a/hedge_wins"));
        assertEquals(200L, all.get("calls/a/hedge_prompt_tokens"));
        assertEquals(2L, all.get("usage/panel/a/hedged"));
        assertEquals(null, all.get("calls/b/hedged"), "a call that was not hedged");
        String summary = "{\"usage\": {\"panel\": {\"a\": {\"prompt_tokens\": 1000000, \"completion_tokens\": 0,"
                + " \"hedge_prompt_tokens\": 1000000}}}}";
        JsonNode cost = new ObjectMapper()
                .readTree(PriceUsage.addCosts(summary, Map.of("a", new PriceUsage.Price(0.5, 2.0))))
                .path("cost");
        assertEquals(1.0, cost.path("usd").asDouble(), 1e-9, "both copies' prompts are billed");
    }

    @Test
    void aBatchLabelerIsBilledAtItsBatchPriceAndTheSavingIsShown() throws Exception {
        String summary = "{\"usage\": {\"fill\": {\"f\": {\"prompt_tokens\": 2000000, \"completion_tokens\": 1000000}},"
                + " \"panel\": {\"a\": {\"prompt_tokens\": 1000000, \"completion_tokens\": 0}}}}";
        PriceUsage.Price batch = new PriceUsage.Price(0.5, 2.0, new PriceUsage.Price(1.0, 4.0));
        JsonNode cost = new ObjectMapper()
                .readTree(PriceUsage.addCosts(summary, Map.of("f", batch, "a", new PriceUsage.Price(1.0, 1.0))))
                .path("cost");
        assertEquals(2 * 0.5 + 2.0 + 1.0, cost.path("usd").asDouble(), 1e-9);
        assertEquals(2 * 0.5 + 2.0, cost.path("batch_saved_usd").asDouble(), 1e-9, "online: 2 * 1.0 + 4.0");
        assertEquals(
                3.0,
                cost.path("by_stage")
                        .path("fill")
                        .path("labelers")
                        .path("f")
                        .path("batch_saved_usd")
                        .asDouble(),
                1e-9);
        assertTrue(cost.path("by_stage")
                .path("panel")
                .path("labelers")
                .path("a")
                .path("batch_saved_usd")
                .isMissingNode());
    }

    @Test
    void carriedOverRowsCountTheirLabelsButNoCallsOrUsage() {
        Calibration cal = critiqued();
        LabeledItem row = item("SFW", List.of(vote("a", "SFW", false, 2), vote("b", "SFW", false, 1)), cal);
        List<String> paths = LabelCounts.of(row, false).stream().map(KV::getKey).toList();
        assertEquals(
                List.of(
                        "labels/utterance/test/label/SFW",
                        "labels/utterance/test/source/(unlabeled)",
                        "labels/utterance/test/agreement/2_of_2",
                        "calibration/utterance/calibrated/test",
                        "calibration/utterance/critiqued/test",
                        "calibration/utterance/pairs/stage1_vs_calibrator/SFW/NSFW",
                        "calibration/utterance/pairs/stage1_vs_final/SFW/SFW"),
                paths);
    }

    @Test
    void costsArePricedPerStageFromBilledTokensAndSavedTokensAtListPrice() throws Exception {
        String summary = "{\"usage\": {\"panel\": {\"a\": {\"prompt_tokens\": 2000000, \"completion_tokens\": 1000000,"
                + " \"saved_prompt_tokens\": 1000000}, \"u\": {\"prompt_tokens\": 5}},"
                + " \"fill\": {\"f\": {\"prompt_tokens\": 1000000, \"completion_tokens\": 0}}}}";
        JsonNode cost = new ObjectMapper()
                .readTree(PriceUsage.addCosts(
                        summary, Map.of("a", new PriceUsage.Price(0.5, 2.0), "f", new PriceUsage.Price(3.0, 15.0))))
                .path("cost");
        assertEquals(
                3.0,
                cost.path("by_stage")
                        .path("panel")
                        .path("labelers")
                        .path("a")
                        .path("usd")
                        .asDouble(),
                1e-9);
        assertEquals(0.5, cost.path("by_stage").path("panel").path("saved_usd").asDouble(), 1e-9);
        assertEquals(3.0, cost.path("by_stage").path("fill").path("usd").asDouble(), 1e-9);
        assertEquals(6.0, cost.path("usd").asDouble(), 1e-9);
        assertEquals("[\"u\"]", cost.path("unpriced_labelers").toString());
        assertEquals(summary, PriceUsage.addCosts(summary, Map.of()), "no prices, no cost section");
    }

    @Test
    void aMemberTheAdaptivePanelDidNotAskIsASavedCallNotAnAnswerNorANoVote() {
        Vote skipped = Vote.newBuilder()
                .setLabeler("d")
                .setModel("m-d")
                .setNoVoteReason("not-asked")
                .build();
        LabeledItem item = item(
                "SFW",
                List.of(vote("a", "SFW", false, 1), vote("b", "SFW", false, 1), vote("c", "SFW", false, 1), skipped),
                null);
        Map<String, Long> all = new TreeMap<>();
        for (KV<String, Long> kv : LabelCounts.of(item)) {
            all.merge(kv.getKey(), kv.getValue(), Long::sum);
        }
        assertEquals(1L, all.get("calls/d/not_asked"));
        assertEquals(1L, all.get("usage/panel/d/not_asked"));
        assertEquals(null, all.get("calls/d/answers"));
        assertEquals(null, all.get("usage/panel/d/answers"));
        assertEquals(null, all.get("calls/d/no_votes/not-asked"));
        assertEquals(1L, all.get("labels/utterance/test/agreement/3_of_3"), "agreement over the members asked");
    }

    @Test
    void theCallsNotMadeArePricedAtTheMeanTokensOfTheLabelersPanelAnswers() throws Exception {
        String summary = "{\"usage\": {\"panel\": {\"a\": {\"answers\": 4, \"prompt_tokens\": 3000000,"
                + " \"saved_prompt_tokens\": 1000000, \"completion_tokens\": 400000, \"not_asked\": 2}}}}";
        JsonNode cost = new ObjectMapper()
                .readTree(PriceUsage.addCosts(summary, Map.of("a", new PriceUsage.Price(0.5, 2.0))))
                .path("cost");
        // 2 calls x (1,000,000 prompt tokens x 0.5 + 100,000 completion tokens x 2.0) per million
        assertEquals(1.4, cost.path("not_asked_usd").asDouble(), 1e-9);
        assertEquals(
                1.4,
                cost.path("by_stage")
                        .path("panel")
                        .path("labelers")
                        .path("a")
                        .path("not_asked_usd")
                        .asDouble(),
                1e-9);
    }

    /** A calibration whose calibrator first said NSFW, then kept SFW after its critique (1 + 3 completion tokens). */
    private static Calibration critiqued() {
        return Calibration.newBuilder()
                .setCalibrator("c")
                .setFirstAnswer(vote("c", "NSFW", false, 1))
                .setCritiqueAnswer(vote("c", "SFW", false, 3))
                .setChanged(false)
                .build();
    }
}
