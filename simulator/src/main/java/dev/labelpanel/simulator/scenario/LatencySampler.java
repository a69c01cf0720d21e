package dev.labelpanel.simulator.scenario;

import dev.labelpanel.simulator.profile.LatencyProfile;
import java.util.random.RandomGenerator;

/**
 * Draws a time to first token from the model's log-normal latency, scaled by the server's latency factor; a share
 * {@code slow_share} of draws is {@code slow_factor} times slower (a draw more is made only when that share is set,
 * so profiles without a tail draw exactly as before).
 */
final class LatencySampler {
    private LatencySampler() {}

    static long firstTokenMs(LatencyProfile latency, double scale, RandomGenerator random) {
        double z = random.nextGaussian();
        boolean slow = latency.slowShare() > 0 && random.nextDouble() < latency.slowShare();
        if (latency.medianMs() <= 0 || scale <= 0) {
            return 0;
        }
        double ms = scale * latency.medianMs() * Math.exp(latency.sigma() * z);
        return Math.round(slow ? ms * latency.slowFactor() : ms);
    }

    static double perTokenMs(LatencyProfile latency, double scale) {
        return Math.max(0, scale * latency.perOutputTokenMs());
    }
}
