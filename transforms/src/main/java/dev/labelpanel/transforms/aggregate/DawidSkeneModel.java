package dev.labelpanel.transforms.aggregate;

import dev.labelpanel.transforms.Arguments;
import java.io.Serializable;

/**
 * A fitted {@link DawidSkene} model: class priors, one confusion matrix per labeler ({@code confusion(j)[k][l]} = the
 * probability that labeler {@code j} votes {@code l} for an item of true class {@code k}), and how the fit went. It
 * gives the posterior of any vote pattern, so it is all a later stage needs (a small side input).
 */
public final class DawidSkeneModel implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] priors;
    private final double[][][] confusion;
    /** Whether the confusion columns are (label, confidence bin) observations rather than labels. */
    private final boolean binned;

    private final int iterations;
    private final double logLikelihood;
    private final boolean converged;
    private final boolean fellBackToMajority;

    DawidSkeneModel(
            double[] priors,
            double[][][] confusion,
            boolean binned,
            int iterations,
            double logLikelihood,
            boolean converged,
            boolean fellBackToMajority) {
        this.priors = priors;
        this.confusion = confusion;
        this.binned = binned;
        this.iterations = iterations;
        this.logLikelihood = logLikelihood;
        this.converged = converged;
        this.fellBackToMajority = fellBackToMajority;
    }

    DawidSkeneModel withLogLikelihood(double ll, boolean isConverged) {
        return new DawidSkeneModel(priors, confusion, binned, iterations, ll, isConverged, fellBackToMajority);
    }

    DawidSkeneModel fallback() {
        return new DawidSkeneModel(priors, confusion, binned, iterations, logLikelihood, false, true);
    }

    public int numLabels() {
        return priors.length;
    }

    public int numLabelers() {
        return confusion.length;
    }

    /** The estimated share of items in each class. */
    public double[] priors() {
        return priors.clone();
    }

    /**
     * Labeler {@code j}'s confusion matrix: row = true class, column = vote, each row sums to 1 (a fit on votes with
     * stated probabilities sums its confidence bins into their label).
     */
    public double[][] confusion(int j) {
        int k = priors.length;
        double[][] out = new double[k][k];
        int perLabel = confusion[j][0].length / k;
        for (int t = 0; t < k; t++) {
            for (int o = 0; o < confusion[j][t].length; o++) {
                out[t][o / perLabel] += confusion[j][t][o];
            }
        }
        return out;
    }

    /** Whether the model was fitted on votes that state their probability (see {@link DawidSkene}). */
    public boolean binned() {
        return binned;
    }

    /** Labeler {@code j}'s estimated accuracy on the items it voted on: {@code Σ_k prior_k π_j[k][k]}. */
    public double accuracy(int j) {
        double[][] c = confusion(j);
        double acc = 0;
        for (int k = 0; k < priors.length; k++) {
            acc += priors[k] * c[k][k];
        }
        return acc;
    }

    /** The accuracy labeler {@code j} would have guessing with its own vote frequencies under this model. */
    double chanceAccuracy(int j) {
        double[][] c = confusion(j);
        double chance = 0;
        for (int l = 0; l < priors.length; l++) {
            double votesL = 0;
            for (int k = 0; k < priors.length; k++) {
                votesL += priors[k] * c[k][l];
            }
            chance += priors[l] * votesL;
        }
        return chance;
    }

    /** How many EM iterations (M-step + E-step) ran. */
    public int iterations() {
        return iterations;
    }

    /** The log-likelihood of the pattern counts under the model (natural log). */
    public double logLikelihood() {
        return logLikelihood;
    }

    /** Whether EM stopped on the tolerance rather than the iteration cap. */
    public boolean converged() {
        return converged;
    }

    /** Whether EM's end point looked label-switched, so the first (majority-started) iteration's model was kept. */
    public boolean fellBackToMajority() {
        return fellBackToMajority;
    }

    /** The posterior over the classes of an item with votes {@code pattern}; the priors when it has no votes. */
    public double[] posterior(VotePattern pattern) {
        double[] logJoint = logJoint(pattern);
        double norm = logSumExp(logJoint);
        double[] out = new double[logJoint.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = Math.exp(logJoint[k] - norm);
        }
        return out;
    }

    double[] logJoint(VotePattern pattern) {
        Arguments.check(
                pattern.size() == confusion.length,
                "vote pattern '%s' has %d votes but the model has %d labelers",
                pattern,
                pattern.size(),
                confusion.length);
        double[] out = new double[priors.length];
        for (int k = 0; k < priors.length; k++) {
            double s = Math.log(priors[k]);
            for (int j = 0; j < confusion.length; j++) {
                int o = pattern.observation(j, binned);
                if (o != VotePattern.MISSING) {
                    s += Math.log(confusion[j][k][o]);
                }
            }
            out[k] = s;
        }
        return out;
    }

    static double logSumExp(double[] xs) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : xs) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (double x : xs) {
            sum += Math.exp(x - max);
        }
        return max + Math.log(sum);
    }
}
