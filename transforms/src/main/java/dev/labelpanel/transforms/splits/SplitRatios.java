package dev.labelpanel.transforms.splits;

import dev.labelpanel.transforms.Arguments;
import java.io.Serializable;

/** The shares of train, validation and test; each in [0, 1], together 1. */
public record SplitRatios(double train, double validation, double test) implements Serializable {
    /** The CensorChat paper's proportions. */
    public static final SplitRatios DEFAULT = new SplitRatios(0.82, 0.05, 0.13);

    public SplitRatios {
        check("train", train);
        check("validation", validation);
        check("test", test);
        double sum = train + validation + test;
        Arguments.check(
                Math.abs(sum - 1.0) < 1e-9,
                "splits.train + splits.validation + splits.test must be 1 but %s + %s + %s = %s",
                train,
                validation,
                test,
                sum);
    }

    private static void check(String name, double share) {
        Arguments.check(
                share >= 0 && share <= 1 && !Double.isNaN(share),
                "splits.%s must be between 0 and 1 but was %s",
                name,
                share);
    }
}
