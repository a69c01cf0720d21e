package dev.labelpanel.simulator.answer;

import dev.labelpanel.simulator.profile.ConfusionMatrix;
import dev.labelpanel.simulator.profile.LabelSet;
import java.util.random.RandomGenerator;

/**
 * How sure a simulated model is of the label it gave, as a probability per label, consistent with its confusion
 * matrix and calibrated. With K labels and accuracy {@code a} on items of the true label, the stated probability of
 * the answered label is {@code c = 1/K + (1 - 1/K) u}, {@code u ~ Beta(m s, (1 - m) s)} with mean {@code m = (a -
 * 1/K) / (1 - 1/K)} (so {@code E[c] = a}) and spread {@code s}. Drawn after the answer, given whether it is right:
 * {@code u} from its distribution weighted by {@code c} (right) or {@code 1 - c} (wrong), so {@code P(right | c) =
 * c} and the answers themselves don't change. The rest, {@code 1 - c}, is shared evenly by the other labels. The
 * answered label is always the most probable one (temperature 0).
 */
public final class LabelBelief {
    private static final double SPREAD = 4;

    private final ConfusionMatrix confusion;
    private final LabelSet labels;

    public LabelBelief(ConfusionMatrix confusion, LabelSet labels) {
        this.confusion = confusion;
        this.labels = labels;
    }

    /** The probability of each label (in label-set order) for an answer {@code answered} to an item of {@code truth}. */
    public double[] probabilities(String truth, String answered, RandomGenerator random) {
        int k = labels.size();
        double chance = 1.0 / k;
        double accuracy = confusion.probability(truth, truth);
        double m = Math.min(0.98, Math.max(0.02, (accuracy - chance) / (1 - chance)));
        double alpha = m * SPREAD;
        double beta = (1 - m) * SPREAD;
        double u;
        if (!answered.equals(truth)) {
            u = beta(alpha, beta + 1, random);
        } else if (accuracy <= chance || random.nextDouble() < chance / accuracy) {
            u = beta(alpha, beta, random);
        } else {
            u = beta(alpha + 1, beta, random);
        }
        double c = chance + (1 - chance) * u;
        double[] probs = new double[k];
        for (int i = 0; i < k; i++) {
            probs[i] = labels.get(i).equals(answered) ? c : (1 - c) / (k - 1);
        }
        return probs;
    }

    private static double beta(double a, double b, RandomGenerator random) {
        double x = gamma(a, random);
        double y = gamma(b, random);
        return x / (x + y);
    }

    /** Marsaglia and Tsang's method; shapes below 1 through {@code Gamma(a + 1) U^(1/a)}. */
    private static double gamma(double shape, RandomGenerator random) {
        if (shape < 1) {
            return gamma(shape + 1, random) * Math.pow(1 - random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = 1 - random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
