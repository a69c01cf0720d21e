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
    private final int iterations;
    private final double logLikelihood;
    private final boolean converged;
    private final boolean fellBackToMajority;

    DawidSkeneModel(
            double[] priors,
            double[][][] confusion,
            int iterations,
            double logLikelihood,
            boolean converged,
            boolean fellBackToMajority) {
        this.priors = priors;
        this.confusion = confusion;
        this.iterations = iterations;
        this.logLikelihood = logLikelihood;
        this.converged = converged;
        this.fellBackToMajority = fellBackToMajority;
    }

    DawidSkeneModel withLogLikelihood(double ll, boolean isConverged) {
        return new DawidSkeneModel(priors, confusion, iterations, ll, isConverged, fellBackToMajority);
    }

    DawidSkeneModel fallback() {
        return new DawidSkeneModel(priors, confusion, iterations, logLikelihood, false, true);
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

    /** Labeler {@code j}'s confusion matrix: row = true class, column = vote, each row sums to 1. */
    public double[][] confusion(int j) {
        double[][] out = new double[confusion[j].length][];
        for (int k = 0; k < out.length; k++) {
            out[k] = confusion[j][k].clone();
        }
        return out;
    }

    /** Labeler {@code j}'s estimated accuracy on the items it voted on: {@code Σ_k prior_k π_j[k][k]}. */
    public double accuracy(int j) {
        double acc = 0;
        for (int k = 0; k < priors.length; k++) {
            acc += priors[k] * confusion[j][k][k];
        }
        return acc;
    }

    /** The accuracy labeler {@code j} would have guessing with its own vote frequencies under this model. */
    double chanceAccuracy(int j) {
        double chance = 0;
        for (int l = 0; l < priors.length; l++) {
            double votesL = 0;
            for (int k = 0; k < priors.length; k++) {
                votesL += priors[k] * confusion[j][k][l];
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
                int v = pattern.vote(j);
                if (v == VotePattern.MISSING) {
                    continue;
                }
                if (!pattern.isSoft()) {
                    s += Math.log(confusion[j][k][v]);
                    continue;
                }
                for (int l = 0; l < priors.length; l++) {
                    double w = pattern.weight(j, l);
                    s += w == 0 ? 0 : w * Math.log(confusion[j][k][l]);
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
