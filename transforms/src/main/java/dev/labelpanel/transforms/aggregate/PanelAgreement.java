package dev.labelpanel.transforms.aggregate;

import dev.labelpanel.transforms.Arguments;
import dev.labelpanel.transforms.vote.CohenKappa;
import java.util.Map;

/**
 * Chance-corrected agreement of several labelers, computed from vote-pattern counts (so it costs the same for any
 * number of items). Missing votes are allowed everywhere.
 *
 * <ul>
 *   <li><b>Fleiss' kappa</b> (Fleiss 1971): {@code (P̄ - P̄e) / (1 - P̄e)}, {@code P_i = Σ_c n_ic (n_ic - 1) /
 *       (m_i (m_i - 1))} with {@code m_i} the item's votes, {@code P̄} their mean and {@code P̄e = Σ_c p_c²} with
 *       {@code p_c} the share of all votes for {@code c}. Items with fewer than 2 votes are left out; with the same
 *       number of votes on every item this is Fleiss' original formula.
 *   <li><b>Krippendorff's alpha</b>, nominal (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"):
 *       {@code 1 - (n - 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k} over the coincidence matrix {@code o_ck = Σ_u n_uc n_uk /
 *       (m_u - 1)} (for {@code c = k}: {@code n_uc (n_uc - 1) / (m_u - 1)}) of the units with at least 2 values.
 *   <li><b>Cohen's kappa</b> for every pair of labelers over the items both voted on ({@link CohenKappa}).
 * </ul>
 *
 * Each is NaN when there is nothing to compare.
 */
public final class PanelAgreement {
    private PanelAgreement() {}

    /** Fleiss' kappa over {@code numLabels} labels. */
    public static double fleissKappa(int numLabels, Map<VotePattern, Long> counts) {
        double items = 0;
        double sumP = 0;
        double[] votesPerLabel = new double[numLabels];
        double votes = 0;
        for (Map.Entry<VotePattern, Long> e : counts.entrySet()) {
            int[] c = e.getKey().labelCounts(numLabels);
            int m = sum(c);
            if (m < 2) {
                continue;
            }
            long n = e.getValue();
            double agreeing = 0;
            for (int k = 0; k < numLabels; k++) {
                agreeing += (double) c[k] * (c[k] - 1);
                votesPerLabel[k] += (double) n * c[k];
            }
            sumP += n * agreeing / ((double) m * (m - 1));
            items += n;
            votes += (double) n * m;
        }
        if (items == 0) {
            return Double.NaN;
        }
        double pBar = sumP / items;
        double pe = 0;
        for (double v : votesPerLabel) {
            pe += (v / votes) * (v / votes);
        }
        return pe >= 1.0 ? 1.0 : (pBar - pe) / (1 - pe);
    }

    /** Krippendorff's alpha for nominal data over {@code numLabels} labels. */
    public static double krippendorffAlpha(int numLabels, Map<VotePattern, Long> counts) {
        double[][] o = new double[numLabels][numLabels];
        for (Map.Entry<VotePattern, Long> e : counts.entrySet()) {
            int[] c = e.getKey().labelCounts(numLabels);
            int m = sum(c);
            if (m < 2) {
                continue;
            }
            double w = (double) e.getValue() / (m - 1);
            for (int a = 0; a < numLabels; a++) {
                for (int b = 0; b < numLabels; b++) {
                    o[a][b] += w * c[a] * (a == b ? c[b] - 1 : c[b]);
                }
            }
        }
        double[] nc = new double[numLabels];
        double n = 0;
        double disagreeing = 0;
        for (int a = 0; a < numLabels; a++) {
            for (int b = 0; b < numLabels; b++) {
                nc[a] += o[a][b];
                disagreeing += a == b ? 0 : o[a][b];
            }
            n += nc[a];
        }
        double expected = 0;
        for (int a = 0; a < numLabels; a++) {
            for (int b = 0; b < numLabels; b++) {
                expected += a == b ? 0 : nc[a] * nc[b];
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        return expected == 0 ? 1.0 : 1 - (n - 1) * disagreeing / expected;
    }

    /** Cohen's kappa between labelers {@code i} and {@code j} (the positions in the patterns). */
    public static CohenKappa cohenKappa(int numLabels, Map<VotePattern, Long> counts, int i, int j) {
        long[][] table = new long[numLabels][numLabels];
        for (Map.Entry<VotePattern, Long> e : counts.entrySet()) {
            int a = e.getKey().vote(i);
            int b = e.getKey().vote(j);
            if (a != VotePattern.MISSING && b != VotePattern.MISSING) {
                table[a][b] += e.getValue();
            }
        }
        return CohenKappa.fromTable(table);
    }

    /** Cohen's kappa for every pair of the {@code numLabelers} labelers: a symmetric matrix with 1 on the diagonal. */
    public static double[][] cohenKappaMatrix(int numLabels, int numLabelers, Map<VotePattern, Long> counts) {
        Arguments.check(numLabelers >= 1, "need at least 1 labeler but was given %d", numLabelers);
        double[][] out = new double[numLabelers][numLabelers];
        for (int i = 0; i < numLabelers; i++) {
            out[i][i] = 1.0;
            for (int j = i + 1; j < numLabelers; j++) {
                out[i][j] = cohenKappa(numLabels, counts, i, j).kappa();
                out[j][i] = out[i][j];
            }
        }
        return out;
    }

    private static int sum(int[] xs) {
        int s = 0;
        for (int x : xs) {
            s += x;
        }
        return s;
    }
}
