package dev.labelpanel.simulator.profile;

/** Validation of profile values with messages that name the field, the value and the allowed range. */
final class Checks {
    private Checks() {}

    static double probability(String field, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new ProfileException(field + " must be a probability between 0 and 1 but was " + value);
        }
        return value;
    }

    static double nonNegative(String field, double value) {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw new ProfileException(field + " must be a finite number >= 0 but was " + value);
        }
        return value;
    }

    static void sumAtMostOne(String field, double sum) {
        if (sum > 1.0 + 1e-9) {
            throw new ProfileException(field + " rates must add up to at most 1 but add up to " + sum);
        }
    }
}
