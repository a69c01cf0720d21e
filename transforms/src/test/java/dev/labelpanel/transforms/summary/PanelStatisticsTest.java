package dev.labelpanel.transforms.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.schemas.Calibration;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.aggregate.DawidSkene;
import dev.labelpanel.transforms.aggregate.DawidSkeneModel;
import dev.labelpanel.transforms.aggregate.FitDawidSkeneFn;
import dev.labelpanel.transforms.aggregate.PanelAgreement;
import dev.labelpanel.transforms.aggregate.VotePattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;

class PanelStatisticsTest {
    private static final List<String> LABELS = List.of("NSFW", "SFW");
    private static final PanelStatistics.Raters RATERS =
            new PanelStatistics.Raters(LABELS, List.of("a", "b", "c"), "filler", "a");

    private static Vote vote(String labeler, String label) {
        return Vote.newBuilder()
                .setLabeler(labeler)
                .setModel(labeler)
                .setLabel(label)
                .build();
    }

    /** A vote with {@code label_probs}, as a labeler with {@code logprobs: true} gives it. */
    private static Vote stated(String labeler, String label, double nsfw) {
        return Vote.newBuilder()
                .setLabeler(labeler)
                .setModel(labeler)
                .setLabel(label)
                .setLabelProbs(List.of(nsfw, 1 - nsfw))
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
    void withLogprobsTheSummaryFitsTheSoftVotesTheLabelsWereDecidedWith() throws Exception {
        // Rows of a dawid-skene run whose panel states probabilities: the labeling fit (FitDawidSkeneFn over the
        // AskPanel votes, VotePattern.ofPanelVotes) and the summary's fit (over the rows written) see the same items.
        List<List<Vote>> panels = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            boolean nsfw = i % 3 == 0;
            double sure = 0.55 + (i % 5) * 0.1;
            panels.add(List.of(
                    stated("a", nsfw ? "NSFW" : "SFW", nsfw ? sure : 1 - sure),
                    stated("b", i % 7 == 0 ? "NSFW" : "SFW", i % 7 == 0 ? 0.65 : 0.2),
                    stated("c", nsfw || i % 4 == 0 ? "NSFW" : "SFW", nsfw || i % 4 == 0 ? 0.95 : 0.4)));
        }
        FitDawidSkeneFn labeling = new FitDawidSkeneFn(DawidSkene.create(2), 3);
        Map<VotePattern, Long> labelingCounts = labeling.createAccumulator();
        Map<String, Map<VotePattern, Long>> summaryCounts = new HashMap<>();
        for (int i = 0; i < panels.size(); i++) {
            // The other end of the list first: the counts reach the two fits in different orders.
            labeling.addInput(labelingCounts, VotePattern.ofPanelVotes(panels.get(panels.size() - 1 - i), LABELS));
            LabeledItem row = row(i % 2 == 0 ? "train" : "test", panels.get(i), null, null);
            for (KV<String, VotePattern> p : PanelStatistics.patterns(row, RATERS)) {
                summaryCounts.computeIfAbsent(p.getKey(), g -> new HashMap<>()).merge(p.getValue(), 1L, Long::sum);
            }
        }
        DawidSkeneModel decided = labeling.extractOutput(labelingCounts);
        assertTrue(decided.binned(), "the labeling fit takes the stated probabilities");
        JsonNode ds = new ObjectMapper()
                .readTree(PanelStatistics.render(RATERS, summaryCounts))
                .path("dawid_skene");

        assertEquals(60, ds.path("items").asLong());
        assertEquals(decided.iterations(), ds.path("iterations").asInt());
        assertEquals(decided.logLikelihood(), ds.path("log_likelihood").asDouble(), 0);
        assertEquals(decided.priors()[0], ds.at("/priors/NSFW").asDouble(), 0);
        for (int j = 0; j < 3; j++) {
            String labeler = RATERS.panel().get(j);
            assertEquals(
                    decided.accuracy(j),
                    ds.at("/labelers/" + labeler + "/accuracy").asDouble(),
                    0);
            for (int t = 0; t < 2; t++) {
                for (int v = 0; v < 2; v++) {
                    assertEquals(
                            decided.confusion(j)[t][v],
                            ds.at("/labelers/" + labeler + "/confusion/" + LABELS.get(t) + "/" + LABELS.get(v))
                                    .asDouble(),
                            0);
                }
            }
        }
        assertTrue(ds.path("soft_votes").asBoolean(), "the section says it is the fit on soft votes");
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
        assertFalse(json.at("/dawid_skene/soft_votes").asBoolean(true), "votes alone: no stated probabilities");
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
