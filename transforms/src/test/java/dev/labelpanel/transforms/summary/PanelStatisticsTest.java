package dev.labelpanel.transforms.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.schemas.Calibration;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.aggregate.DawidSkene;
import dev.labelpanel.transforms.aggregate.DawidSkeneModel;
import dev.labelpanel.transforms.aggregate.PanelAgreement;
import dev.labelpanel.transforms.aggregate.VotePattern;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;

class PanelStatisticsTest {
    private static final PanelStatistics.Raters RATERS =
            new PanelStatistics.Raters(List.of("NSFW", "SFW"), List.of("a", "b", "c"), "filler", "a");

    private static Vote vote(String labeler, String label) {
        return Vote.newBuilder()
                .setLabeler(labeler)
                .setModel(labeler)
                .setLabel(label)
                .build();
    }

    private static LabeledItem row(String split, List<Vote> votes, String stage1, Vote calibratorFirst) {
        LabeledItem.Builder b = LabeledItem.newBuilder()
                .setItemId("i")
                .setDialogueId("d")
                .setGranularity("utterance")
                .setSplit(split)
                .setRole("user")
                .setText("t")
                .setTurnIndex(0)
                .setSourceFile("f")
                .setRecordNumber(1)
                .setVotes(votes)
                .setStage1Label(stage1);
        if (calibratorFirst != null) {
            b.setCalibration(Calibration.newBuilder()
                    .setCalibrator("a")
                    .setFirstAnswer(calibratorFirst)
                    .setChanged(false)
                    .build());
        }
        return b.build();
    }

    @Test
    void aRowGivesItsPanelPatternAndEveryRatersVote() {
        LabeledItem filled = row(
                "test",
                List.of(vote("a", "NSFW"), vote("b", "SFW"), vote("c", null), vote("filler", "SFW")),
                null,
                vote("a", "NSFW"));
        assertEquals(
                List.of(
                        KV.of("utterance/test", VotePattern.of(0, 1, -1)),
                        KV.of("raters", VotePattern.of(0, 1, -1, 1))),
                PanelStatistics.patterns(filled, RATERS));
        // "a" is also the calibrator, so its column is its panel vote; no filler vote gives a missing entry.
        LabeledItem decided = row("train", List.of(vote("a", "SFW"), vote("b", "SFW"), vote("c", "SFW")), "SFW", null);
        assertEquals(
                VotePattern.of(1, 1, 1, -1),
                PanelStatistics.patterns(decided, RATERS).get(1).getValue());
    }

    @Test
    void rendersTheModelAndTheAgreementOfTheCounts() throws Exception {
        Map<VotePattern, Long> train = Map.of(VotePattern.of(0, 0, 0), 5L, VotePattern.of(1, 1, 0), 7L);
        Map<VotePattern, Long> test = Map.of(VotePattern.of(1, 1, 1), 9L, VotePattern.of(0, -1, 1), 2L);
        Map<String, Map<VotePattern, Long>> groups = new HashMap<>();
        groups.put("utterance/train", train);
        groups.put("utterance/test", test);
        groups.put("raters", Map.of(VotePattern.of(0, 0, 0, -1), 5L, VotePattern.of(1, 1, 1, 1), 9L));
        JsonNode json = new ObjectMapper().readTree(PanelStatistics.render(RATERS, groups));

        assertEquals(
                PanelAgreement.fleissKappa(2, train),
                json.at("/agreement/utterance/train/fleiss_kappa").asDouble(),
                1e-12);
        assertEquals(
                PanelAgreement.krippendorffAlpha(2, test),
                json.at("/agreement/utterance/test/krippendorff_alpha").asDouble(),
                1e-12);
        assertEquals(11, json.at("/agreement/utterance/test/items").asLong());
        assertEquals(1.0, json.at("/agreement/cohen_kappa/a/filler").asDouble(), 1e-12);

        Map<VotePattern, Long> all = new HashMap<>(train);
        all.putAll(test);
        DawidSkeneModel m = DawidSkene.create(2).fit(3, all);
        assertEquals(23, json.at("/dawid_skene/items").asLong());
        assertEquals(m.priors()[0], json.at("/dawid_skene/priors/NSFW").asDouble(), 1e-12);
        assertEquals(m.accuracy(2), json.at("/dawid_skene/labelers/c/accuracy").asDouble(), 1e-12);
        assertEquals(
                m.confusion(1)[1][0],
                json.at("/dawid_skene/labelers/b/confusion/SFW/NSFW").asDouble(),
                1e-12);
        assertEquals(m.iterations(), json.at("/dawid_skene/iterations").asInt());
        assertTrue(json.at("/dawid_skene/log_likelihood").isNumber());
    }

    @Test
    void aStatisticWithNothingToCompareIsNull() throws Exception {
        Map<String, Map<VotePattern, Long>> groups = new HashMap<>();
        groups.put("context/validation", Map.of(VotePattern.of(0, -1, -1), 3L));
        JsonNode json = new ObjectMapper().readTree(PanelStatistics.render(RATERS, groups));
        assertTrue(json.at("/agreement/context/validation/fleiss_kappa").isNull());
        assertTrue(json.at("/agreement/cohen_kappa/a/b").isNull());
    }
}
