package dev.labelpanel.transforms.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labelpanel.transforms.vote.CohenKappa;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PanelAgreementTest {
    private static final int M = VotePattern.MISSING;

    @Test
    void fleissKappaMatchesFleiss1971WorkedExample() {
        // Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories; P̄ = 0.378,
        // P̄e = 0.213, kappa = 0.210.
        int[][] table = {
            {0, 0, 0, 0, 14},
            {0, 2, 6, 4, 2},
            {0, 0, 3, 5, 6},
            {0, 3, 9, 2, 0},
            {2, 2, 8, 1, 1},
            {7, 7, 0, 0, 0},
            {3, 2, 6, 3, 0},
            {2, 5, 3, 2, 2},
            {6, 5, 2, 1, 0},
            {0, 2, 2, 3, 7},
        };
        Map<VotePattern, Long> counts = new HashMap<>();
        for (int[] row : table) {
            List<Integer> votes = new ArrayList<>();
            for (int c = 0; c < row.length; c++) {
                for (int i = 0; i < row[c]; i++) {
                    votes.add(c);
                }
            }
            counts.merge(
                    VotePattern.of(votes.stream().mapToInt(Integer::intValue).toArray()), 1L, Long::sum);
        }
        assertEquals(0.210, PanelAgreement.fleissKappa(5, counts), 0.0005);
    }

    @Test
    void krippendorffAlphaMatchesTheWorkedExampleWithMissingData() {
        // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", C: 4 observers, 12 units, values 1-5,
        // missing data; nominal alpha = 0.743. Rows are units, columns observers A-D; values shifted to 0-4.
        int[][] units = {
            {1, 1, M, 1},
            {2, 2, 3, 2},
            {3, 3, 3, 3},
            {3, 3, 3, 3},
            {2, 2, 2, 2},
            {1, 2, 3, 4},
            {4, 4, 4, 4},
            {1, 1, 2, 1},
            {2, 2, 2, 2},
            {M, 5, 5, 5},
            {M, M, 1, 1},
            {M, 3, M, M},
        };
        Map<VotePattern, Long> counts = new HashMap<>();
        for (int[] unit : units) {
            int[] shifted = new int[unit.length];
            for (int j = 0; j < unit.length; j++) {
                shifted[j] = unit[j] == M ? M : unit[j] - 1;
            }
            counts.merge(VotePattern.of(shifted), 1L, Long::sum);
        }
        assertEquals(0.743, PanelAgreement.krippendorffAlpha(5, counts), 0.0005);
    }

    @Test
    void pairwiseCohenKappaEqualsCohenKappaOnTheItemLists() {
        String[] names = {"no", "yes"};
        int[][] items = {{0, 0, 1}, {0, 1, 1}, {1, 1, M}, {1, 0, 1}, {0, 0, 0}, {1, 1, 1}, {0, M, 0}, {0, 0, 1}};
        Map<VotePattern, Long> counts = new HashMap<>();
        List<List<String>> raters = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int[] item : items) {
            counts.merge(VotePattern.of(item), 1L, Long::sum);
            for (int j = 0; j < 3; j++) {
                raters.get(j).add(item[j] == M ? null : names[item[j]]);
            }
        }
        double[][] matrix = PanelAgreement.cohenKappaMatrix(2, 3, counts);
        for (int i = 0; i < 3; i++) {
            assertEquals(1.0, matrix[i][i]);
            for (int j = 0; j < 3; j++) {
                if (i != j) {
                    assertEquals(CohenKappa.of(raters.get(i), raters.get(j)), matrix[i][j], 1e-12, i + " vs " + j);
                }
            }
        }
    }

    @Test
    void perfectAgreementIsOneAndNothingToCompareIsNaN() {
        Map<VotePattern, Long> same = Map.of(VotePattern.of(0, 0, 0), 4L, VotePattern.of(1, 1, M), 2L);
        assertEquals(1.0, PanelAgreement.fleissKappa(2, same), 1e-12);
        assertEquals(1.0, PanelAgreement.krippendorffAlpha(2, same), 1e-12);
        Map<VotePattern, Long> lone = Map.of(VotePattern.of(0, M, M), 4L);
        assertEquals(Double.NaN, PanelAgreement.fleissKappa(2, lone));
        assertEquals(Double.NaN, PanelAgreement.krippendorffAlpha(2, lone));
    }
}
