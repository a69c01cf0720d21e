package dev.labelpanel.simulator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.simulator.profile.RateLimitProfile;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    /** The 61st request to a 60-per-minute {@code limiter}, after 60 allowed ones: refused. */
    private static RateLimiter.Decision sixtyFirst(RateLimiter limiter) {
        for (int i = 0; i < 60; i++) {
            assertTrue(limiter.acquire(10).allowed());
        }
        RateLimiter.Decision refused = limiter.acquire(10);
        assertFalse(refused.allowed());
        return refused;
    }

    @Test
    void requestsPerMinuteRefillContinuously() {
        RateLimiter limiter = new RateLimiter(new RateLimitProfile(60, 0), now::get, 1);
        RateLimiter.Decision refused = sixtyFirst(limiter);
        assertEquals(1000, refused.retryAfterMs());
        assertEquals("0", refused.headers().get("x-ratelimit-remaining-requests"));
        assertEquals("60", refused.headers().get("x-ratelimit-limit-requests"));
        now.addAndGet(1_000_000_000L); // one request's worth at 60/min
        assertTrue(limiter.acquire(10).allowed());
    }

    @Test
    void tokensPerMinuteLimit() {
        RateLimiter limiter = new RateLimiter(new RateLimitProfile(0, 1000), now::get, 1);
        assertTrue(limiter.acquire(900).allowed());
        RateLimiter.Decision refused = limiter.acquire(200);
        assertFalse(refused.allowed());
        assertEquals("100", refused.headers().get("x-ratelimit-remaining-tokens"));
        assertEquals(6000, refused.retryAfterMs()); // 100 missing tokens at 1000/min
    }

    @Test
    void theMinuteIsSimulatedTimeThatFollowsTheLatencyScale() {
        // At 0.01 a minute lasts 600 ms: 60 requests per 600 ms, one back every 10 ms.
        RateLimiter limiter = new RateLimiter(new RateLimitProfile(60, 0), now::get, 0.01);
        RateLimiter.Decision refused = sixtyFirst(limiter);
        assertEquals(10, refused.retryAfterMs());
        assertEquals("600ms", refused.headers().get("x-ratelimit-reset-requests"));
        now.addAndGet(10_000_000L);
        assertTrue(limiter.acquire(10).allowed());
    }

    @Test
    void atLatencyScaleZeroTheAllowanceIsBackAtOnce() {
        RateLimiter limiter = new RateLimiter(new RateLimitProfile(2, 100), now::get, 0);
        for (int i = 0; i < 10; i++) {
            RateLimiter.Decision decision = limiter.acquire(100);
            assertTrue(decision.allowed());
            assertEquals("0ms", decision.headers().get("x-ratelimit-reset-requests"));
        }
    }

    @Test
    void resetDurationsUseOpenAiFormat() {
        assertEquals("17ms", RateLimiter.duration(17_000_000L));
        assertEquals("7s", RateLimiter.duration(6_500_000_000L));
        assertEquals("6m0s", RateLimiter.duration(360_000_000_000L));
    }
}
