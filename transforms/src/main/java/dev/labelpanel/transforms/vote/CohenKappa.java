package dev.labelpanel.transforms.vote;

import dev.labelpanel.transforms.Arguments;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cohen's kappa between two raters labelling the same items: {@code (po - pe) / (1 - pe)}, where {@code po} is the
 * observed agreement and {@code pe} the agreement expected by chance from each rater's label frequencies. Pairs where
 * either label is null (a no-vote) are skipped. When both raters give one and the same label throughout
 * ({@code pe = 1}), kappa is defined as 1. With no usable pairs, kappa is NaN.
 */
public record CohenKappa(double kappa, double observedAgreement, double expectedAgreement, long pairs) {

    public static CohenKappa between(List<String> rater1, List<String> rater2) {
        Arguments.check(
                rater1.size() == rater2.size(),
                "both raters must label the same items but one has %d labels and the other %d",
                rater1.size(),
                rater2.size());
        Map<String, Integer> index = new LinkedHashMap<>();
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < rater1.size(); i++) {
            String a = rater1.get(i);
            String b = rater2.get(i);
            if (a != null && b != null) {
                pairs.add(new int[] {
                    index.computeIfAbsent(a, x -> index.size()), index.computeIfAbsent(b, x -> index.size())
                });
            }
        }
        long[][] table = new long[index.size()][index.size()];
        for (int[] pair : pairs) {
            table[pair[0]][pair[1]]++;
        }
        return fromTable(table);
    }

    /**
     * Kappa from a square contingency table: {@code table[a][b]} = the items rater 1 labelled {@code a} and rater 2
     * labelled {@code b} (items where either gave no label left out). The table's size does not grow with the items.
     */
    public static CohenKappa fromTable(long[][] table) {
        int k = table.length;
        double[] rows = new double[k];
        double[] cols = new double[k];
        long pairs = 0;
        long agreed = 0;
        for (int a = 0; a < k; a++) {
            Arguments.check(table[a].length == k, "a contingency table must be square but row %d has %d cells", a, k);
            for (int b = 0; b < k; b++) {
                pairs += table[a][b];
                rows[a] += table[a][b];
                cols[b] += table[a][b];
            }
            agreed += table[a][a];
        }
        if (pairs == 0) {
            return new CohenKappa(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double expected = 0;
        for (int a = 0; a < k; a++) {
            expected += rows[a] * cols[a] / ((double) pairs * pairs);
        }
        double observed = (double) agreed / pairs;
        double kappa = expected >= 1.0 ? 1.0 : (observed - expected) / (1.0 - expected);
        return new CohenKappa(kappa, observed, expected, pairs);
    }

    /** Just the kappa value of {@link #between}. */
    public static double of(List<String> rater1, List<String> rater2) {
        return between(rater1, rater2).kappa();
    }
}
