package dev.labelpanel.pipelines.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.schemas.Vote;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

/** A labeler's calibration curve: its stated probabilities binned, against how often the label is the final one. */
class CalibrationCurveTest {
    private static GenericData.Record vote(List<Double> probs) {
        GenericData.Record vote = new GenericData.Record(Vote.getClassSchema());
        vote.put("labeler", "a");
        vote.put("model", "m");
        vote.put("label", probs.get(0) >= 0.5 ? "NSFW" : "SFW");
        vote.put("label_probs", probs);
        vote.put("attempts", 1);
        vote.put("cached", false);
        return vote;
    }

    @Test
    void eachLabelsProbabilityIsAPointAndTheCurveIsTheShareThatIsFinal() {
        LabelerStats stats = new LabelerStats("a");
        // Ten votes stating NSFW at 0.9: eight of the items end NSFW (label_id 0), two SFW.
        for (int i = 0; i < 10; i++) {
            stats.stated(vote(List.of(0.9, 0.1)), i < 8 ? 0 : 1);
        }
        // Three votes at 0.6 / 0.4: too few points for their bins.
        for (int i = 0; i < 3; i++) {
            stats.stated(vote(List.of(0.6, 0.4)), 0);
        }
        stats.stated(vote(List.of(0.9, 0.1)), null); // an unlabeled row: no point
        List<double[]> curve = stats.calibration();
        assertEquals(2, curve.size());
        assertArrayEquals(new double[] {0.1, 0.2}, curve.get(0), 1e-12); // SFW stated 0.1, final 2 of 10
        assertArrayEquals(new double[] {0.9, 0.8}, curve.get(1), 1e-12); // NSFW stated 0.9, final 8 of 10
        assertTrue(new LabelerStats("b").calibration().isEmpty(), "no label_probs, no curve");
    }

    @Test
    void theChartDrawsEachLabelerOverTheDiagonal() {
        String svg = new Charts()
                .calibration("Calibration", Map.of("llama", List.of(new double[] {0.1, 0.2}, new double[] {0.9, 0.8})));
        assertTrue(svg.startsWith("<svg") && svg.contains("llama") && svg.contains("perfectly calibrated"), svg);
    }
}
