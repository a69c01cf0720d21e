package dev.labelpanel.transforms.aggregate;

import dev.labelpanel.transforms.Arguments;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Dawid and Skene's (1979) EM estimate of the class priors and of one K×K confusion matrix per labeler, from the
 * counts of distinct vote patterns alone (no ground truth). A no-vote is missing data: it adds nothing to the
 * labeler's confusion row and nothing to the item's likelihood.
 *
 * <p>With {@code n_p} items of pattern {@code p}, {@code T_pk} the posterior that such an item's true class is
 * {@code k}, and {@code v_pj} labeler {@code j}'s vote in {@code p}:
 *
 * <ul>
 *   <li>start: {@code T_pk} = the pattern's share of votes for {@code k} (the soft majority; uniform with no votes);
 *   <li>M-step: {@code prior_k = (Σ_p n_p T_pk + α) / (N + Kα)} and {@code π_j[k][l] = (Σ_p n_p T_pk [v_pj = l] + α)
 *       / (Σ_p n_p T_pk [v_pj ≠ missing] + Kα)}, a symmetric Dirichlet prior {@code α} so no probability is 0;
 *   <li>E-step: {@code T_pk ∝ prior_k Π_{j: v_pj ≠ missing} π_j[k][v_pj]}; the log-likelihood is
 *       {@code Σ_p n_p log Σ_k prior_k Π_j π_j[k][v_pj]}.
 * </ul>
 *
 * One iteration is an M-step followed by an E-step. EM stops when the mean log-likelihood per item changes by less
 * than the tolerance, or after the iteration cap. Time and memory grow with the number of distinct patterns, not
 * with the items.
 *
 * <p>Votes that state how sure they were ({@link VotePattern#fromVotes}: the labeler's probability of its vote, from
 * log-probabilities, in a few bins) are richer observations: when any vote of the fit has one, each labeler's
 * confusion matrix has a column per (label, confidence bin), plus one per label for its votes without a stated
 * probability, and the same EM estimates it. So the fit learns how often each labeler is right when it says 0.55 and
 * when it says 0.99, calibrated or not; {@link DawidSkeneModel#confusion} sums the bins back into labels. Without any
 * stated probability the fit is exactly the one above.
 *
 * <p>Label switching: EM starts from the majority, so it normally stays with it. If it still ends where more than
 * half of the labelers that voted are no better than chance (estimated accuracy {@code Σ_k prior_k π_j[k][k]} at
 * most the accuracy of guessing with the labeler's own vote frequencies), the classes have swapped meaning; the fit
 * then falls back to the model of the first iteration (the majority's) and says so in {@link
 * DawidSkeneModel#fellBackToMajority()}.
 */
public final class DawidSkene implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Dirichlet pseudo-count added to every prior and confusion cell. */
    public static final double DEFAULT_SMOOTHING = 0.01;
    /** Stop when the mean log-likelihood per item changes by less than this. */
    public static final double DEFAULT_TOLERANCE = 1e-9;
    /** Stop after this many iterations even if not converged. */
    public static final int DEFAULT_MAX_ITERATIONS = 500;

    private final int numLabels;
    private final double smoothing;
    private final double tolerance;
    private final int maxIterations;

    private DawidSkene(int numLabels, double smoothing, double tolerance, int maxIterations) {
        this.numLabels = numLabels;
        this.smoothing = smoothing;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    /** EM over {@code numLabels} classes with the default smoothing, tolerance and iteration cap. */
    public static DawidSkene create(int numLabels) {
        Arguments.check(numLabels >= 2, "Dawid-Skene needs at least 2 labels but was given %d", numLabels);
        return new DawidSkene(numLabels, DEFAULT_SMOOTHING, DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS);
    }

    public DawidSkene withSmoothing(double alpha) {
        Arguments.check(alpha > 0, "the Dirichlet smoothing must be > 0 (so no probability is 0) but was %s", alpha);
        return new DawidSkene(numLabels, alpha, tolerance, maxIterations);
    }

    public DawidSkene withTolerance(double tol) {
        Arguments.check(tol >= 0, "the log-likelihood tolerance must be >= 0 but was %s", tol);
        return new DawidSkene(numLabels, smoothing, tol, maxIterations);
    }

    public DawidSkene withMaxIterations(int max) {
        Arguments.check(max >= 1, "the EM iteration cap must be >= 1 but was %d", max);
        return new DawidSkene(numLabels, smoothing, tolerance, max);
    }

    /**
     * Fits the model to {@code counts}: how many items had each vote pattern over {@code numLabelers} labelers. The
     * patterns are visited in one fixed order whatever the map's, so the same counts give the same model to the last
     * bit: the labeling fit and the run summary's (made from the rows written) are one model, on every runner.
     */
    public DawidSkeneModel fit(int numLabelers, Map<VotePattern, Long> counts) {
        Arguments.check(numLabelers >= 1, "Dawid-Skene needs at least 1 labeler but was given %d", numLabelers);
        List<VotePattern> patterns = new ArrayList<>();
        List<Long> weights = new ArrayList<>();
        List<Map.Entry<String, Map.Entry<VotePattern, Long>>> ordered = new ArrayList<>();
        counts.entrySet().forEach(e -> ordered.add(Map.entry(e.getKey().toString(), e)));
        ordered.sort(Map.Entry.comparingByKey());
        for (Map.Entry<VotePattern, Long> e :
                ordered.stream().map(Map.Entry::getValue).toList()) {
            VotePattern p = e.getKey();
            Arguments.check(
                    p.size() == numLabelers,
                    "vote pattern '%s' has %d votes but the panel has %d",
                    p,
                    p.size(),
                    numLabelers);
            for (int j = 0; j < numLabelers; j++) {
                Arguments.check(
                        p.vote(j) < numLabels, "vote pattern '%s' names a label beyond the %d labels", p, numLabels);
            }
            Arguments.check(e.getValue() >= 0, "pattern '%s' has a negative count %d", p, e.getValue());
            if (e.getValue() > 0) {
                patterns.add(p);
                weights.add(e.getValue());
            }
        }
        return new Fit(patterns, weights, numLabelers).run();
    }

    /** One EM run's working state. */
    private final class Fit {
        private final List<VotePattern> patterns;
        private final double[] n;
        private final double total;
        private final int labelers;
        private final double[][] posterior;
        /** Whether any vote states its probability: then a vote's observation is its label and confidence bin. */
        private final boolean binned;

        Fit(List<VotePattern> patterns, List<Long> weights, int labelers) {
            this.patterns = patterns;
            this.binned = patterns.stream().anyMatch(VotePattern::isSoft);
            this.labelers = labelers;
            this.n = new double[patterns.size()];
            double sum = 0;
            for (int p = 0; p < n.length; p++) {
                n[p] = weights.get(p);
                sum += n[p];
            }
            this.total = sum;
            this.posterior = new double[patterns.size()][];
        }

        DawidSkeneModel run() {
            for (int p = 0; p < posterior.length; p++) {
                posterior[p] = softMajority(patterns.get(p));
            }
            DawidSkeneModel first = mStep(1, false);
            double ll = eStep(first);
            DawidSkeneModel model = first.withLogLikelihood(ll, false);
            DawidSkeneModel majority = model;
            double perItem = Math.max(total, 1);
            for (int it = 2; it <= maxIterations; it++) {
                DawidSkeneModel next = mStep(it, false);
                double nextLl = eStep(next);
                boolean converged = Math.abs(nextLl - ll) / perItem <= tolerance;
                model = next.withLogLikelihood(nextLl, converged);
                ll = nextLl;
                if (converged) {
                    break;
                }
            }
            if (labelsSwitched(model)) {
                return majority.fallback();
            }
            return model;
        }

        private double[] softMajority(VotePattern pattern) {
            int[] c = pattern.labelCounts(numLabels);
            double votes = 0;
            for (int x : c) {
                votes += x;
            }
            double[] t = new double[numLabels];
            for (int k = 0; k < numLabels; k++) {
                t[k] = votes == 0 ? 1.0 / numLabels : c[k] / votes;
            }
            return t;
        }

        private DawidSkeneModel mStep(int iteration, boolean fellBack) {
            double[] priors = new double[numLabels];
            int observations = binned ? numLabels * (VotePattern.CONFIDENCE_BINS + 1) : numLabels;
            double[][][] confusion = new double[labelers][numLabels][observations];
            for (int p = 0; p < n.length; p++) {
                VotePattern pattern = patterns.get(p);
                for (int k = 0; k < numLabels; k++) {
                    double mass = n[p] * posterior[p][k];
                    priors[k] += mass;
                    for (int j = 0; j < labelers; j++) {
                        int o = pattern.observation(j, binned);
                        if (o != VotePattern.MISSING) {
                            confusion[j][k][o] += mass;
                        }
                    }
                }
            }
            for (int k = 0; k < numLabels; k++) {
                priors[k] = (priors[k] + smoothing) / (total + numLabels * smoothing);
            }
            for (double[][] matrix : confusion) {
                for (double[] row : matrix) {
                    double rowSum = 0;
                    for (double x : row) {
                        rowSum += x;
                    }
                    for (int l = 0; l < row.length; l++) {
                        row[l] = (row[l] + smoothing) / (rowSum + row.length * smoothing);
                    }
                }
            }
            return new DawidSkeneModel(priors, confusion, binned, iteration, Double.NaN, false, fellBack);
        }

        /** Sets every pattern's posterior under {@code model}; returns the log-likelihood. */
        private double eStep(DawidSkeneModel model) {
            double ll = 0;
            for (int p = 0; p < n.length; p++) {
                double[] logJoint = model.logJoint(patterns.get(p));
                double norm = DawidSkeneModel.logSumExp(logJoint);
                for (int k = 0; k < numLabels; k++) {
                    posterior[p][k] = Math.exp(logJoint[k] - norm);
                }
                ll += n[p] * norm;
            }
            return ll;
        }

        private boolean labelsSwitched(DawidSkeneModel model) {
            int voted = 0;
            int atChance = 0;
            for (int j = 0; j < labelers; j++) {
                boolean hasVotes = false;
                for (VotePattern p : patterns) {
                    hasVotes |= p.vote(j) != VotePattern.MISSING;
                }
                if (hasVotes) {
                    voted++;
                    atChance += model.accuracy(j) <= model.chanceAccuracy(j) ? 1 : 0;
                }
            }
            return voted > 0 && 2 * atChance > voted;
        }
    }
}
