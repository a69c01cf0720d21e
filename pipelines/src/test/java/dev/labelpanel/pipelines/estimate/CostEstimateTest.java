package dev.labelpanel.pipelines.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostEstimateTest {
    private static CostEstimate.LabelerSize size(String name, Double in, Double out) {
        return new CostEstimate.LabelerSize(
                name,
                Map.of("utterance", 100.0, "context", 200.0),
                Map.of("utterance", 300.0, "context", 400.0),
                10,
                50,
                in,
                out,
                false,
                null,
                null);
    }

    private static CostEstimate.Inputs inputs(double tie, double disagree) {
        Map<String, Map<String, Long>> items = new LinkedHashMap<>();
        items.put("utterance", Map.of("train", 800L, "validation", 50L, "test", 150L));
        items.put("context", Map.of("train", 400L, "validation", 40L, "test", 60L));
        Map<String, CostEstimate.LabelerSize> labelers = new LinkedHashMap<>();
        labelers.put("p1", size("p1", 0.0, 0.0));
        labelers.put("p2", size("p2", 1.0, 2.0));
        labelers.put("fill", size("fill", 1.0, 4.0));
        labelers.put("cal", size("cal", null, null));
        return new CostEstimate.Inputs(items, List.of("p1", "p2"), "fill", "cal", labelers, tie, disagree);
    }

    @Test
    void callsFollowTheMethod() {
        CostEstimate.Result r = CostEstimate.estimate(inputs(0.10, 0.20));
        assertEquals(2 * 1500, r.panelCalls(), "every item to every panel labeler");
        assertEquals(100 + 50, r.fillCalls(), "the tie rate of each granularity's items");
        assertEquals(200 + 40 + 100 + 20, r.calibrationCalls(), "held-out items, plus the disagreeing share again");
    }

    @Test
    void tokensAndCostPerLabeler() {
        CostEstimate.Result r = CostEstimate.estimate(inputs(0.10, 0.20));
        CostEstimate.LabelerCost p2 = r.labelers().get(1);
        assertEquals(1500, p2.calls());
        assertEquals(1000 * 100 + 500 * 200, p2.promptTokens());
        assertEquals(1500 * 10, p2.completionTokens());
        assertEquals(200_000 / 1e6 * 1.0 + 15_000 / 1e6 * 2.0, p2.costUsd(), 1e-9);
        CostEstimate.LabelerCost cal = r.labelers().get(3);
        assertEquals(200 * 100 + 100 * 200 + 40 * 300 + 20 * 400, cal.promptTokens(), "critiques are longer prompts");
        assertEquals(300 * 10 + 60 * 50, cal.completionTokens());
        assertNull(cal.costUsd());
        assertEquals(List.of("cal"), r.unpriced());
        double fill = (100 * 100 + 50 * 200) / 1e6 * 1.0 + 150 * 10 / 1e6 * 4.0;
        assertEquals(p2.costUsd() + fill, r.totalCostUsd(), 1e-9);
    }

    @Test
    void aBatchLabelerPaysTheBatchPriceAndTheSavingIsAgainstTheOnlinePrice() {
        CostEstimate.Inputs in = inputs(0.10, 0.20);
        Map<String, CostEstimate.LabelerSize> labelers = new LinkedHashMap<>(in.labelers());
        CostEstimate.LabelerSize fill = labelers.get("fill");
        labelers.put(
                "fill",
                new CostEstimate.LabelerSize(
                        "fill",
                        fill.promptTokensPerItem(),
                        fill.critiquePromptTokensPerItem(),
                        fill.maxTokens(),
                        fill.critiqueMaxTokens(),
                        1.0,
                        4.0,
                        true,
                        0.5,
                        2.0));
        CostEstimate.Result r = CostEstimate.estimate(
                new CostEstimate.Inputs(in.items(), in.panel(), "fill", "cal", labelers, 0.10, 0.20));
        CostEstimate.LabelerCost batch = r.labelers().get(2);
        double online = (100 * 100 + 50 * 200) / 1e6 * 1.0 + 150 * 10 / 1e6 * 4.0;
        assertEquals("batch", batch.mode());
        assertEquals(online, batch.onlineCostUsd(), 1e-9);
        assertEquals(online / 2, batch.costUsd(), 1e-9);
        assertEquals(online / 2, r.batchSavingUsd(), 1e-9);
        assertEquals("online", r.labelers().get(1).mode());
    }

    @Test
    void aLabelerInTwoRolesIsSummedOnce() {
        CostEstimate.Inputs in = inputs(0.0, 0.0);
        CostEstimate.Result r = CostEstimate.estimate(
                new CostEstimate.Inputs(in.items(), List.of("p1"), "p1", "p1", in.labelers(), 0.5, 0.0));
        assertEquals(1, r.labelers().size());
        assertEquals(
                List.of("panel", "filler", "calibrator"), r.labelers().get(0).roles());
        assertEquals(1500 + 750 + 300, r.labelers().get(0).calls());
    }

    @Test
    void ratesOutsideZeroToOneAreRejectedNamingTheOption() {
        assertEquals(
                "--tie-rate must be between 0 and 1 but was 1.5",
                assertThrows(IllegalArgumentException.class, () -> inputs(1.5, 0.1))
                        .getMessage());
    }
}
