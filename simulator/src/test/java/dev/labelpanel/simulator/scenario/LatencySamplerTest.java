package dev.labelpanel.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labelpanel.simulator.profile.LatencyProfile;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The simulated time to first token has the configured median and 99th percentile (no clocks involved). */
class LatencySamplerTest {
    @Test
    void logNormalHasConfiguredMedianAndP99() {
        LatencyProfile latency = new LatencyProfile(800, 4000, 20);
        SplittableRandom random = new SplittableRandom(1);
        long[] samples = new long[100_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = LatencySampler.firstTokenMs(latency, 1.0, random);
        }
        Arrays.sort(samples);
        assertEquals(800, samples[50_000], 20);
        assertEquals(4000, samples[99_000], 200);
    }

    @Test
    void scaleZeroMeansNoDelay() {
        LatencyProfile latency = new LatencyProfile(800, 4000, 20);
        assertEquals(0, LatencySampler.firstTokenMs(latency, 0, new SplittableRandom(1)));
        assertEquals(0.0, LatencySampler.perTokenMs(latency, 0));
        assertEquals(10.0, LatencySampler.perTokenMs(latency, 0.5));
    }
}
