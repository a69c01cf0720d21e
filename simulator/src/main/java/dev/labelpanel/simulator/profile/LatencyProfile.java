package dev.labelpanel.simulator.profile;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Simulated response time: a log-normal time to first token with the given median and 99th percentile, plus
 * {@code per_output_token_ms} for each completion token. All in milliseconds.
 */
public record LatencyProfile(
    @JsonProperty("median_ms") double medianMs,
    @JsonProperty("p99_ms") double p99Ms,
    @JsonProperty("per_output_token_ms") double perOutputTokenMs) {

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
    if (p99Ms < medianMs) {
      throw new ProfileException(field + ".p99_ms must be >= median_ms (" + medianMs + ") but was " + p99Ms);
    }
  }
}
