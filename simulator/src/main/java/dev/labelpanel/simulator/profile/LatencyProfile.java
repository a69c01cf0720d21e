package dev.labelpanel.simulator.profile;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Simulated response time: a log-normal time to first token with the given median and 99th percentile, plus
 * {@code per_output_token_ms} for each completion token. All in milliseconds. A heavy tail on top: a share
 * {@code slow_share} of attempts (default 0) takes {@code slow_factor} times (default 20) its drawn time to first
 * token, like a request stuck behind a long one on an overloaded replica.
 */
public record LatencyProfile(
        @JsonProperty("median_ms") double medianMs,
        @JsonProperty("p99_ms") double p99Ms,
        @JsonProperty("per_output_token_ms") double perOutputTokenMs,
        @JsonProperty("slow_share") double slowShare,
        @JsonProperty("slow_factor") Double slowFactor) {
    public static final double DEFAULT_SLOW_FACTOR = 20;

    public LatencyProfile {
        slowFactor = slowFactor == null ? DEFAULT_SLOW_FACTOR : slowFactor;
    }

    /** Without a heavy tail. */
    public LatencyProfile(double medianMs, double p99Ms, double perOutputTokenMs) {
        this(medianMs, p99Ms, perOutputTokenMs, 0, null);
    }

    /** z-score of the 99th percentile of the standard normal distribution. */
    private static final double Z_99 = 2.3263478740408408;

    public static LatencyProfile zero() {
        return new LatencyProfile(0, 0, 0);
    }

    /** Sigma of the underlying normal distribution, so that exp(mu + Z_99 * sigma) = p99. */
    public double sigma() {
        return medianMs <= 0 ? 0 : Math.log(p99Ms / medianMs) / Z_99;
    }

    void validate(String field) {
        Checks.nonNegative(field + ".median_ms", medianMs);
        Checks.nonNegative(field + ".p99_ms", p99Ms);
        Checks.nonNegative(field + ".per_output_token_ms", perOutputTokenMs);
        Checks.nonNegative(field + ".slow_share", slowShare);
        if (slowShare > 1) {
            throw new ProfileException(field + ".slow_share must be at most 1 but was " + slowShare);
        }
        if (!(slowFactor >= 1) || Double.isInfinite(slowFactor)) {
            throw new ProfileException(field + ".slow_factor must be a finite number >= 1 but was " + slowFactor);
        }
        if (p99Ms < medianMs) {
            throw new ProfileException(field + ".p99_ms must be >= median_ms (" + medianMs + ") but was " + p99Ms);
        }
    }
}
