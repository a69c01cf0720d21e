package dev.labelpanel.simulator.scenario;

import dev.labelpanel.simulator.profile.LatencyProfile;
import java.util.random.RandomGenerator;

/** Draws a time to first token from the model's log-normal latency, scaled by the server's latency factor. */
final class LatencySampler {
  private LatencySampler() {}

  static long firstTokenMs(LatencyProfile latency, double scale, RandomGenerator random) {
    double z = random.nextGaussian();
    if (latency.medianMs() <= 0 || scale <= 0) {
      return 0;
    }
    return Math.round(scale * latency.medianMs() * Math.exp(latency.sigma() * z));
  }

  static double perTokenMs(LatencyProfile latency, double scale) {
    return Math.max(0, scale * latency.perOutputTokenMs());
  }
}
